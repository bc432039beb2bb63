namespace NomadMuse.Core.Neural;

/// <summary>The element-wise nonlinearities an <see cref="Activation"/> layer applies.</summary>
public enum ActivationKind
{
    /// <summary>max(0, x); ONNX <c>Relu</c>.</summary>
    Relu,

    /// <summary>tanh(x); ONNX <c>Tanh</c>.</summary>
    Tanh,

    /// <summary>1 / (1 + e^(−x)); ONNX <c>Sigmoid</c>.</summary>
    Sigmoid,
}
