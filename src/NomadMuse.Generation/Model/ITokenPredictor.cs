namespace NomadMuse.Generation.Model;

/// <summary>
/// A next-token model as evaluation sees it: open a stream, set its conditioning, feed tokens one by one and read
/// the logits of the next. Both generator architectures implement it.
/// </summary>
public interface ITokenPredictor
{
    /// <summary>Trainable floats in the model.</summary>
    long ParameterCount { get; }

    /// <summary>Allocates one stream's state (the only allocation; stepping it allocates nothing).</summary>
    ITokenStream OpenStream();
}
