namespace NomadMuse.Core.Onnx;

/// <summary>
/// An ONNX file cannot be parsed, or does not hold what the caller expected: a missing initializer, one of another
/// shape or element type, or data whose length does not match its shape.
/// </summary>
public sealed class OnnxFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="problem">What was wrong.</param>
    /// <param name="tensorName">The initializer concerned, if any.</param>
    /// <param name="innerException">The lower-level failure, if any.</param>
    public OnnxFormatException(string problem, string? tensorName = null, Exception? innerException = null)
        : base(tensorName is null ? $"ONNX model: {problem}." : $"ONNX model: initializer '{tensorName}': {problem}.", innerException)
    {
        TensorName = tensorName;
    }

    /// <summary>The initializer concerned, or <see langword="null"/>.</summary>
    public string? TensorName { get; }
}
