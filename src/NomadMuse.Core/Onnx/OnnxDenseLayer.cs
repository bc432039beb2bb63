using NomadMuse.Core.Neural;

namespace NomadMuse.Core.Onnx;

/// <summary>One fully connected layer of an exported network and the nonlinearity after it (none for logits).</summary>
/// <param name="Layer">The layer, exported as <c>Gemm(transB = 1)</c> with its weight and bias under their parameter names.</param>
/// <param name="Activation">The element-wise function applied to its output, or <see langword="null"/> for none.</param>
public readonly record struct OnnxDenseLayer(Linear Layer, ActivationKind? Activation = null);
