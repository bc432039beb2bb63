namespace NomadMuse.OnnxRuntime;

/// <summary>ONNX Runtime reported an error (a non-null <c>OrtStatus</c>).</summary>
public sealed class OnnxRuntimeException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="operation">The C API function that failed, e.g. <c>CreateSession</c>.</param>
    /// <param name="errorCode">ONNX Runtime's error code.</param>
    /// <param name="runtimeMessage">ONNX Runtime's message.</param>
    public OnnxRuntimeException(string operation, OrtErrorCode errorCode, string runtimeMessage)
        : base($"ONNX Runtime {operation} failed ({errorCode}): {runtimeMessage}")
    {
        Operation = operation;
        ErrorCode = errorCode;
        RuntimeMessage = runtimeMessage;
    }

    /// <summary>The C API function that failed.</summary>
    public string Operation { get; }

    /// <summary>ONNX Runtime's error code.</summary>
    public OrtErrorCode ErrorCode { get; }

    /// <summary>ONNX Runtime's own message.</summary>
    public string RuntimeMessage { get; }
}
