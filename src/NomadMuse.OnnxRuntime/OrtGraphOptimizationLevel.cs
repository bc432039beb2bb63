namespace NomadMuse.OnnxRuntime;

/// <summary>How much ONNX Runtime rewrites the graph when a session is created (<c>GraphOptimizationLevel</c>).</summary>
public enum OrtGraphOptimizationLevel
{
    /// <summary>No rewrites: the graph runs as written.</summary>
    DisableAll = 0,

    /// <summary>Semantics-preserving basic rewrites (constant folding, redundant node removal).</summary>
    Basic = 1,

    /// <summary>Basic plus operator fusions.</summary>
    Extended = 2,

    /// <summary>Everything, including layout optimizations.</summary>
    All = 99,
}
