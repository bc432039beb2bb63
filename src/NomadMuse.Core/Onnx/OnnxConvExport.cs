using System.Globalization;
using NomadMuse.Core.Neural;
using NomadMuse.Core.Neural.Conv;

namespace NomadMuse.Core.Onnx;

/// <summary>
/// Exports convolutional networks built from <see cref="ConvBackbone"/> and <see cref="Linear"/> layers: conv blocks
/// (batch norm folded into the convolution) → global average pool → flatten → a shared chain of dense layers →
/// one or more output heads.
/// </summary>
/// <remarks>
/// ONNX mapping, opset 17: each block is <c>Conv</c> (kernel k×k, pads p, stride 1) → <c>Relu</c> → <c>MaxPool</c>
/// (window = stride, floor), then <c>GlobalAveragePool</c> and <c>Flatten(axis = 1)</c>; each dense layer is
/// <c>Gemm(transB = 1)</c> followed by <c>Relu</c>/<c>Tanh</c>/<c>Sigmoid</c> when it has an activation. Initializers
/// carry the parameter names and PyTorch shapes (<c>conv1.0.weight</c> [32, 1, 3, 3], <c>fc1.weight</c> [256, 128]…), so
/// <see cref="OnnxModelReader.CopyToParameters"/> reads them back into a folded backbone and the same dense layers.
/// The batch dimension is dynamic.
/// </remarks>
public static class OnnxConvExport
{
    /// <summary>Adds the blocks of <paramref name="backbone"/>, global average pooling and a flatten.</summary>
    /// <param name="graph">The graph to extend.</param>
    /// <param name="backbone">The backbone; blocks with batch norm are folded here (the backbone is not changed).</param>
    /// <param name="input">The defined input value, [N, C, H, W].</param>
    /// <param name="output">The feature value to define, [N, FeatureCount].</param>
    /// <exception cref="ArgumentException">A name is taken or undefined.</exception>
    public static void AddBackbone(OnnxGraphBuilder graph, ConvBackbone backbone, string input, string output)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(backbone);
        string current = input;
        foreach (ConvBlock original in backbone.Blocks)
        {
            ConvBlock block = original.Norm is null ? original : original.FoldBatchNorm();
            Conv2d conv = block.Conv;
            string name = conv.Name;
            graph.AddInitializer(conv.Weight.Name, conv.Weight.Value, [.. conv.Weight.Shape.Select(d => (long)d)]);
            graph.AddInitializer(conv.Bias.Name, conv.Bias.Value, [conv.OutChannels]);
            graph.AddNode("Conv", [current, conv.Weight.Name, conv.Bias.Name], [$"{name}.conv"])
                .WithInts("kernel_shape", [conv.KernelSize, conv.KernelSize])
                .WithInts("pads", [conv.Padding, conv.Padding, conv.Padding, conv.Padding])
                .WithInts("strides", [1, 1]);
            graph.AddNode("Relu", [$"{name}.conv"], [$"{name}.relu"]);
            MaxPool2d pool = block.Pool;
            graph.AddNode("MaxPool", [$"{name}.relu"], [$"{name}.pool"])
                .WithInts("kernel_shape", [pool.KernelHeight, pool.KernelWidth])
                .WithInts("strides", [pool.KernelHeight, pool.KernelWidth]);
            current = $"{name}.pool";
        }

        graph.AddNode("GlobalAveragePool", [current], ["backbone.gap"]);
        graph.AddNode("Flatten", ["backbone.gap"], [output]).WithInt("axis", 1);
    }

    /// <summary>Adds dense layers one after the other: <c>Gemm(transB = 1)</c> and the optional activation each.</summary>
    /// <param name="graph">The graph to extend.</param>
    /// <param name="layers">The layers, in order; each one's inputs must equal the previous one's outputs.</param>
    /// <param name="input">The defined input value, [N, layers[0].Inputs].</param>
    /// <param name="output">The value to define for the last layer's result.</param>
    /// <exception cref="ArgumentException">No layers, the widths do not chain, or a name is taken or undefined.</exception>
    public static void AddDenseLayers(OnnxGraphBuilder graph, IReadOnlyList<OnnxDenseLayer> layers, string input, string output)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count == 0)
        {
            throw new ArgumentException("At least one dense layer is needed.", nameof(layers));
        }

        string current = input;
        for (int i = 0; i < layers.Count; i++)
        {
            Linear layer = layers[i].Layer ?? throw new ArgumentException($"Layer {i} is null.", nameof(layers));
            if (i > 0 && layer.Inputs != layers[i - 1].Layer.Outputs)
            {
                throw new ArgumentException($"Dense layer {i} ('{layer.Weight.Name}') takes {layer.Inputs} inputs but layer {i - 1} gives {layers[i - 1].Layer.Outputs}.", nameof(layers));
            }

            bool last = i == layers.Count - 1;
            string gemmOut = last && layers[i].Activation is null ? output : $"{layer.Weight.Name}.gemm";
            graph.AddInitializer(layer.Weight.Name, layer.Weight.Value, [layer.Outputs, layer.Inputs]);
            graph.AddInitializer(layer.Bias.Name, layer.Bias.Value, [layer.Outputs]);

            graph.AddNode("Gemm", [current, layer.Weight.Name, layer.Bias.Name], [gemmOut]).WithInt("transB", 1);
            current = gemmOut;
            if (layers[i].Activation is { } kind)
            {
                string activated = last ? output : $"{layer.Weight.Name}.{kind.ToString().ToLowerInvariant()}";
                graph.AddNode(OpType(kind), [gemmOut], [activated]);
                current = activated;
            }
        }
    }

    /// <summary>
    /// Builds a whole classifier: input [N, C, <paramref name="height"/>, <paramref name="width"/>] → backbone →
    /// <paramref name="trunk"/> → every head, each head a graph output.
    /// </summary>
    /// <param name="backbone">The convolutional part (batch norm folded here).</param>
    /// <param name="trunk">Dense layers shared by all heads (may be empty).</param>
    /// <param name="heads">One or more heads.</param>
    /// <param name="height">Input height (e.g. mel bins).</param>
    /// <param name="width">Input width (e.g. frames).</param>
    /// <param name="inputName">The graph input's name.</param>
    /// <returns>A writer holding the graph.</returns>
    /// <exception cref="ArgumentException">No heads, widths that do not chain, or duplicate names.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The patch is too small for the backbone's pools.</exception>
    public static OnnxModelWriter CreateClassifier(
        ConvBackbone backbone, IReadOnlyList<OnnxDenseLayer> trunk, IReadOnlyList<OnnxOutputHead> heads, int height, int width, string inputName = "input")
    {
        ArgumentNullException.ThrowIfNull(backbone);
        ArgumentNullException.ThrowIfNull(trunk);
        ArgumentNullException.ThrowIfNull(heads);
        if (heads.Count == 0)
        {
            throw new ArgumentException("At least one output head is needed.", nameof(heads));
        }

        int h = height, w = width;
        foreach (ConvBlock block in backbone.Blocks)
        {
            h = block.OutputHeight(h);
            w = block.OutputWidth(w);
        }

        if (h < 1 || w < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(height), height, $"A {height}×{width} patch pools to {h}×{w} in this backbone.");
        }

        var graph = new OnnxGraphBuilder("nomadmuse_classifier");
        graph.AddInput(inputName, -1, backbone.InChannels, height, width);
        AddBackbone(graph, backbone, inputName, "features");
        string shared = "features";
        int sharedWidth = backbone.FeatureCount;
        if (trunk.Count > 0)
        {
            CheckChain(trunk[0].Layer, sharedWidth, "trunk");
            AddDenseLayers(graph, trunk, shared, "trunk");
            shared = "trunk";
            sharedWidth = trunk[^1].Layer.Outputs;
        }

        foreach (OnnxOutputHead head in heads)
        {
            ArgumentNullException.ThrowIfNull(head);
            if (head.Layers is null || head.Layers.Count == 0)
            {
                throw new ArgumentException($"Head '{head.OutputName}' has no layers.", nameof(heads));
            }

            CheckChain(head.Layers[0].Layer, sharedWidth, head.OutputName);
            AddDenseLayers(graph, head.Layers, shared, head.OutputName);
            graph.AddOutput(head.OutputName, -1, head.Layers[^1].Layer.Outputs);
        }

        var writer = new OnnxModelWriter(graph);
        writer.MetadataProps["input_height"] = height.ToString(CultureInfo.InvariantCulture);
        writer.MetadataProps["input_width"] = width.ToString(CultureInfo.InvariantCulture);
        return writer;
    }

    private static void CheckChain(Linear first, int width, string what)
    {
        if (first is null || first.Inputs != width)
        {
            throw new ArgumentException($"The first layer of '{what}' takes {first?.Inputs} inputs but receives {width} features.", nameof(first));
        }
    }

    private static string OpType(ActivationKind kind) => kind switch
    {
        ActivationKind.Relu => "Relu",
        ActivationKind.Tanh => "Tanh",
        ActivationKind.Sigmoid => "Sigmoid",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown activation."),
    };
}
