namespace NomadMuse.OnnxRuntime;

/// <summary>
/// The ONNX Runtime native library (<c>onnxruntime.dll</c>, <c>libonnxruntime.so</c>, <c>libonnxruntime.dylib</c>)
/// could not be loaded, or it is too old for the C API version this adapter asks for.
/// </summary>
/// <remarks>The message lists every place that was tried and the three ways to point at a library.</remarks>
public sealed class OrtLibraryNotFoundException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was tried and why it failed.</param>
    /// <param name="innerException">The loader's failure, if any.</param>
    public OrtLibraryNotFoundException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
