namespace NomadMuse.Core.Onnx;

/// <summary>
/// Adds a GRU layer to an <see cref="OnnxGraphBuilder"/> from weights in the PyTorch <c>nn.GRU</c> layout (gate
/// blocks r, z, n): either as one step spelled with elementary ONNX operators, or as the ONNX <c>GRU</c> operator
/// with <c>linear_before_reset = 1</c>. Both compute, with ⊙ the element-wise product,
/// <c>r = σ(W_ir x + b_ir + W_hr h + b_hr)</c>, <c>z = σ(W_iz x + b_iz + W_hz h + b_hz)</c>,
/// <c>n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))</c>, <c>h' = (1 − z) ⊙ n + z ⊙ h</c>.
/// </summary>
/// <remarks>
/// Weight layout (row-major): <c>weightIh</c> is [3H, I], <c>weightHh</c> is [3H, H], <c>biasIh</c> and
/// <c>biasHh</c> are [3H], each split in blocks of H rows in the order r, z, n. The ONNX <c>GRU</c> operator orders
/// its gates z, r, h instead; <see cref="AddGru"/> reorders the blocks.
/// </remarks>
public static class OnnxGruExport
{
    /// <summary>
    /// Adds one GRU step as MatMul, Add, Split, Sigmoid, Tanh, Mul and Sub nodes: <paramref name="input"/> [B, I]
    /// and <paramref name="hidden"/> [B, H] in, <paramref name="output"/> [B, H] out.
    /// </summary>
    /// <param name="graph">The graph to extend.</param>
    /// <param name="prefix">A prefix for the initializer and intermediate value names (e.g. <c>gru0</c>).</param>
    /// <param name="input">The defined input value, [B, I].</param>
    /// <param name="hidden">The defined previous-state value, [B, H].</param>
    /// <param name="output">The new state value to define, [B, H].</param>
    /// <param name="inputSize">I.</param>
    /// <param name="hiddenSize">H.</param>
    /// <param name="weightIh">[3H, I], gates r, z, n.</param>
    /// <param name="weightHh">[3H, H], gates r, z, n.</param>
    /// <param name="biasIh">[3H], gates r, z, n.</param>
    /// <param name="biasHh">[3H], gates r, z, n.</param>
    /// <exception cref="ArgumentException">A weight has the wrong length, or a name is taken or undefined.</exception>
    public static void AddGruCell(
        OnnxGraphBuilder graph, string prefix, string input, string hidden, string output, int inputSize, int hiddenSize,
        ReadOnlySpan<float> weightIh, ReadOnlySpan<float> weightHh, ReadOnlySpan<float> biasIh, ReadOnlySpan<float> biasHh)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        CheckWeights(inputSize, hiddenSize, weightIh, weightHh, biasIh, biasHh);
        int h3 = 3 * hiddenSize;
        string P(string s) => $"{prefix}.{s}";

        // MatMul wants [I, 3H] and [H, 3H]: store the transposes.
        graph.AddInitializer(P("w_ih_t"), Transpose(weightIh, h3, inputSize), [inputSize, h3]);
        graph.AddInitializer(P("w_hh_t"), Transpose(weightHh, h3, hiddenSize), [hiddenSize, h3]);
        graph.AddInitializer(P("b_ih"), biasIh, [h3]);
        graph.AddInitializer(P("b_hh"), biasHh, [h3]);

        graph.AddNode("MatMul", [input, P("w_ih_t")], [P("xw")]);
        graph.AddNode("Add", [P("xw"), P("b_ih")], [P("gi")]);
        graph.AddNode("MatMul", [hidden, P("w_hh_t")], [P("hw")]);
        graph.AddNode("Add", [P("hw"), P("b_hh")], [P("gh")]);

        AddGates(graph, prefix, hidden, output);
    }

    /// <summary>From <c>{prefix}.gi</c> and <c>{prefix}.gh</c> ([B, 3H] each, gates r, z, n) to the new state.</summary>
    private static void AddGates(OnnxGraphBuilder graph, string prefix, string hidden, string output)
    {
        string P(string s) => $"{prefix}.{s}";

        // Opset 13–17 Split without a 'split' input cuts the axis into equal parts, one per output.
        graph.AddNode("Split", [P("gi")], [P("i_r"), P("i_z"), P("i_n")]).WithInt("axis", -1);
        graph.AddNode("Split", [P("gh")], [P("h_r"), P("h_z"), P("h_n")]).WithInt("axis", -1);

        graph.AddNode("Add", [P("i_r"), P("h_r")], [P("r_pre")]);
        graph.AddNode("Sigmoid", [P("r_pre")], [P("r")]);
        graph.AddNode("Add", [P("i_z"), P("h_z")], [P("z_pre")]);
        graph.AddNode("Sigmoid", [P("z_pre")], [P("z")]);
        graph.AddNode("Mul", [P("r"), P("h_n")], [P("r_hn")]);
        graph.AddNode("Add", [P("i_n"), P("r_hn")], [P("n_pre")]);
        graph.AddNode("Tanh", [P("n_pre")], [P("n")]);

        // h' = (1 − z) ⊙ n + z ⊙ h = n + z ⊙ (h − n): one Sub, one Mul, one Add.
        graph.AddNode("Sub", [hidden, P("n")], [P("h_minus_n")]);
        graph.AddNode("Mul", [P("z"), P("h_minus_n")], [P("z_h_minus_n")]);
        graph.AddNode("Add", [P("n"), P("z_h_minus_n")], [output]);
    }

    /// <summary>
    /// Adds one GRU step whose weights are initializers already in the graph, in the PyTorch layout
    /// (<c>weight_ih</c> [3H, I], <c>weight_hh</c> [3H, H], biases [3H], gates r, z, n): two <c>Gemm(transB = 1)</c>
    /// projections, then the same gate nodes as <see cref="AddGruCell"/>. Keeping the PyTorch tensors unchanged lets
    /// an importer fill a <c>Gru</c>'s parameters from the initializers by name.
    /// </summary>
    /// <param name="graph">The graph to extend.</param>
    /// <param name="prefix">A prefix for the intermediate value names.</param>
    /// <param name="input">The defined input value, [1, I] (or [B, I]).</param>
    /// <param name="hidden">The defined previous-state value, [1, H] (or [B, H]).</param>
    /// <param name="output">The new state value to define.</param>
    /// <param name="weightIh">The name of the W_ih initializer.</param>
    /// <param name="weightHh">The name of the W_hh initializer.</param>
    /// <param name="biasIh">The name of the b_ih initializer.</param>
    /// <param name="biasHh">The name of the b_hh initializer.</param>
    /// <exception cref="ArgumentException">A name is taken or undefined.</exception>
    public static void AddGruStep(
        OnnxGraphBuilder graph, string prefix, string input, string hidden, string output,
        string weightIh, string weightHh, string biasIh, string biasHh)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        string P(string s) => $"{prefix}.{s}";
        graph.AddNode("Gemm", [input, weightIh, biasIh], [P("gi")]).WithInt("transB", 1);
        graph.AddNode("Gemm", [hidden, weightHh, biasHh], [P("gh")]).WithInt("transB", 1);
        AddGates(graph, prefix, hidden, output);
    }

    /// <summary>
    /// Adds the ONNX <c>GRU</c> operator (forward, <c>linear_before_reset = 1</c>, the PyTorch formulation):
    /// <paramref name="input"/> [T, B, I] and <paramref name="initialHidden"/> [1, B, H] in;
    /// <paramref name="outputSequence"/> [T, 1, B, H] (or empty to omit) and <paramref name="outputHidden"/> [1, B, H] out.
    /// </summary>
    /// <param name="graph">The graph to extend.</param>
    /// <param name="prefix">A prefix for the initializer names (e.g. <c>gru0</c>).</param>
    /// <param name="input">The defined input sequence value, [T, B, I].</param>
    /// <param name="initialHidden">The defined initial-state value, [1, B, H], or empty for zeros.</param>
    /// <param name="outputSequence">The all-steps output to define, or empty to omit it.</param>
    /// <param name="outputHidden">The last-state output to define.</param>
    /// <param name="inputSize">I.</param>
    /// <param name="hiddenSize">H.</param>
    /// <param name="weightIh">[3H, I], gates r, z, n.</param>
    /// <param name="weightHh">[3H, H], gates r, z, n.</param>
    /// <param name="biasIh">[3H], gates r, z, n.</param>
    /// <param name="biasHh">[3H], gates r, z, n.</param>
    /// <exception cref="ArgumentException">A weight has the wrong length, or a name is taken or undefined.</exception>
    public static void AddGru(
        OnnxGraphBuilder graph, string prefix, string input, string initialHidden, string outputSequence, string outputHidden,
        int inputSize, int hiddenSize,
        ReadOnlySpan<float> weightIh, ReadOnlySpan<float> weightHh, ReadOnlySpan<float> biasIh, ReadOnlySpan<float> biasHh)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        ArgumentNullException.ThrowIfNull(initialHidden);
        ArgumentNullException.ThrowIfNull(outputSequence);
        CheckWeights(inputSize, hiddenSize, weightIh, weightHh, biasIh, biasHh);
        int h3 = 3 * hiddenSize;

        graph.AddInitializer($"{prefix}.W", RznToZrn(weightIh, hiddenSize, inputSize), [1, h3, inputSize]);
        graph.AddInitializer($"{prefix}.R", RznToZrn(weightHh, hiddenSize, hiddenSize), [1, h3, hiddenSize]);
        float[] bias = new float[2 * h3];
        RznToZrn(biasIh, hiddenSize, 1).CopyTo(bias, 0);
        RznToZrn(biasHh, hiddenSize, 1).CopyTo(bias, h3);
        graph.AddInitializer($"{prefix}.B", bias, [1, 2 * h3]);

        // Inputs: X, W, R, B, sequence_lens (omitted), initial_h.
        graph.AddNode("GRU", [input, $"{prefix}.W", $"{prefix}.R", $"{prefix}.B", string.Empty, initialHidden], [outputSequence, outputHidden])
            .WithInt("hidden_size", hiddenSize)
            .WithInt("linear_before_reset", 1);
    }

    /// <summary>Reorders gate blocks of <paramref name="hidden"/> rows × <paramref name="columns"/> from r, z, n to z, r, n.</summary>
    internal static float[] RznToZrn(ReadOnlySpan<float> source, int hidden, int columns)
    {
        int block = hidden * columns;
        var result = new float[3 * block];
        source.Slice(block, block).CopyTo(result.AsSpan(0, block));      // z
        source[..block].CopyTo(result.AsSpan(block, block));             // r
        source.Slice(2 * block, block).CopyTo(result.AsSpan(2 * block)); // n
        return result;
    }

    private static float[] Transpose(ReadOnlySpan<float> source, int rows, int columns)
    {
        var result = new float[source.Length];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                result[(c * rows) + r] = source[(r * columns) + c];
            }
        }

        return result;
    }

    private static void CheckWeights(int inputSize, int hiddenSize, ReadOnlySpan<float> weightIh, ReadOnlySpan<float> weightHh, ReadOnlySpan<float> biasIh, ReadOnlySpan<float> biasHh)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hiddenSize);
        int h3 = 3 * hiddenSize;
        if (weightIh.Length != h3 * inputSize)
        {
            throw new ArgumentException($"weightIh must be [3H, I] = {h3 * inputSize} values, got {weightIh.Length}.", nameof(weightIh));
        }

        if (weightHh.Length != h3 * hiddenSize)
        {
            throw new ArgumentException($"weightHh must be [3H, H] = {h3 * hiddenSize} values, got {weightHh.Length}.", nameof(weightHh));
        }

        if (biasIh.Length != h3)
        {
            throw new ArgumentException($"biasIh must be [3H] = {h3} values, got {biasIh.Length}.", nameof(biasIh));
        }

        if (biasHh.Length != h3)
        {
            throw new ArgumentException($"biasHh must be [3H] = {h3} values, got {biasHh.Length}.", nameof(biasHh));
        }
    }
}
