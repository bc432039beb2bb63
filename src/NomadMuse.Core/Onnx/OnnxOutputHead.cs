namespace NomadMuse.Core.Onnx;

/// <summary>One output of an exported classifier: a chain of dense layers after the shared trunk, ending in a graph output.</summary>
/// <param name="OutputName">The graph output's name (e.g. <c>instrument_logits</c>).</param>
/// <param name="Layers">At least one layer; the last one's outputs are the head's width.</param>
public sealed record OnnxOutputHead(string OutputName, IReadOnlyList<OnnxDenseLayer> Layers);
