namespace NomadMuse.OnnxRuntime;

/// <summary>How an <see cref="OrtSession"/> is created. Read once at creation; later changes have no effect on it.</summary>
public sealed class OrtSessionSettings
{
    private int _intraOpThreads = 1;

    /// <summary>The ONNX Runtime library file to use, or <see langword="null"/> for the environment variable and default probing.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? LibraryPath { get; set; }

    /// <summary>The threads one operator may use.</summary>
    /// <value>The default is 1: measurements and real-time hosts want one predictable thread. 0 lets ONNX Runtime choose.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int IntraOpThreads
    {
        get => _intraOpThreads;
        set
        {
            if (value < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The intra-op thread count must be 0 (automatic) or positive.");
            }

            _intraOpThreads = value;
        }
    }

    /// <summary>How much the graph is optimized when the session is created.</summary>
    /// <value>The default is <see cref="OrtGraphOptimizationLevel.All"/>.</value>
    public OrtGraphOptimizationLevel GraphOptimizationLevel { get; set; } = OrtGraphOptimizationLevel.All;
}
