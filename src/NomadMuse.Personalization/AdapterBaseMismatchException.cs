namespace NomadMuse.Personalization;

/// <summary>An adapter file was trained on another generator than the one it is being loaded for.</summary>
/// <remarks>
/// An adapter corrects one frozen model's logits from that model's hidden states; on another model (other sizes, or
/// the same sizes with other weights) its correction is meaningless, so loading refuses.
/// </remarks>
public sealed class AdapterBaseMismatchException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="what">What differs (e.g. <c>base model weights</c>).</param>
    /// <param name="expected">What the adapter file records.</param>
    /// <param name="actual">What the given generator has.</param>
    public AdapterBaseMismatchException(string what, string expected, string actual)
        : base($"Personal adapter: {what} mismatch: the adapter was trained on {expected}, the given generator has {actual}.")
    {
        What = what;
        Expected = expected;
        Actual = actual;
    }

    /// <summary>What differs.</summary>
    public string What { get; }

    /// <summary>The adapter file's value.</summary>
    public string Expected { get; }

    /// <summary>The generator's value.</summary>
    public string Actual { get; }
}
