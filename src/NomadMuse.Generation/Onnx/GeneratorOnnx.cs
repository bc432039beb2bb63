using System.Globalization;
using NomadMuse.Core.Onnx;
using NomadMuse.Generation.Model;

namespace NomadMuse.Generation.Onnx;

/// <summary>
/// Exports a <see cref="GeneratorModel"/>'s single-step graph to ONNX and imports the weights of such a graph (e.g.
/// one produced from a PyTorch model of the same layout) back into a <see cref="GeneratorModel"/>.
/// </summary>
/// <remarks>
/// <para>The graph computes exactly one <see cref="GeneratorModel.Step"/> (batch 1, opset 17). Inputs: <see cref="Token"/>,
/// <see cref="Instrument"/>, <see cref="TrackType"/>, <see cref="Position"/> (int64 [1] each; the position is the number of
/// tokens stepped before this one), the three GRU states <see cref="Hidden1"/>–<see cref="Hidden3"/> (float [1, H]) and
/// the attention cache <see cref="PastKeys"/>, <see cref="PastValues"/> (float [32, 64]: the keys and values of the 32
/// previous tokens, oldest first; rows for positions before the start are ignored). Outputs: <see cref="Logits"/>
/// [1, 258], the new states (<c>…_out</c>) and the cache shifted by one token (<see cref="KeysOut"/>,
/// <see cref="ValuesOut"/>), ready to feed back. Start a sequence with zeros everywhere and position 0.</para>
/// <para>Every initializer is a <see cref="GeneratorModel.Parameters"/> tensor under its own name and PyTorch shape
/// (<c>embedding.weight</c> [258, E], <c>gru1.weight_ih</c> [3H, E], <c>head.weight</c> [258, H]…): embeddings are
/// <c>Gather</c>s, linear maps <c>Gemm(transB = 1)</c>, so import is a by-name copy. The attention uses the band
/// <c>relative_bias[64 − 32 … 64]</c> (a <c>Slice</c> of the full [129] table) and masks slots older than the position
/// with −1e9 before the <c>Softmax</c>. A quantised model exports its dequantised weights (an fp32 graph).</para>
/// </remarks>
public static class GeneratorOnnx
{
    /// <summary>int64 [1]: the token just played or generated.</summary>
    public const string Token = "token";

    /// <summary>int64 [1]: instrument class 0–20.</summary>
    public const string Instrument = "instrument";

    /// <summary>int64 [1]: track type 0–2.</summary>
    public const string TrackType = "track_type";

    /// <summary>int64 [1]: tokens stepped before this one in the sequence.</summary>
    public const string Position = "position";

    /// <summary>float [1, H]: GRU1 state in.</summary>
    public const string Hidden1 = "h1";

    /// <summary>float [1, H]: GRU2 state in.</summary>
    public const string Hidden2 = "h2";

    /// <summary>float [1, H]: GRU3 state in.</summary>
    public const string Hidden3 = "h3";

    /// <summary>float [32, 64]: keys of the 32 previous tokens, oldest first.</summary>
    public const string PastKeys = "past_keys";

    /// <summary>float [32, 64]: values of the 32 previous tokens, oldest first.</summary>
    public const string PastValues = "past_values";

    /// <summary>float [1, 258]: the next-token logits.</summary>
    public const string Logits = "logits";

    /// <summary>float [1, H]: GRU1 state out.</summary>
    public const string Hidden1Out = "h1_out";

    /// <summary>float [1, H]: GRU2 state out.</summary>
    public const string Hidden2Out = "h2_out";

    /// <summary>float [1, H]: GRU3 state out.</summary>
    public const string Hidden3Out = "h3_out";

    /// <summary>float [32, 64]: the keys to feed back as <see cref="PastKeys"/>.</summary>
    public const string KeysOut = "keys_out";

    /// <summary>float [32, 64]: the values to feed back as <see cref="PastValues"/>.</summary>
    public const string ValuesOut = "values_out";

    private const float MaskedScore = -1e9f;

    /// <summary>Builds the single-step graph of <paramref name="model"/>, ready to save.</summary>
    /// <param name="model">The model (fp32 or quantised).</param>
    /// <returns>A writer holding the graph; metadata props record the architecture and sizes.</returns>
    public static OnnxModelWriter CreateWriter(GeneratorModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        int e = model.Config.EmbeddingSize, h = model.Config.HiddenSize;
        const int W = GeneratorConfig.AttentionWindow, d = GeneratorConfig.AttentionHead, V = GeneratorConfig.Vocabulary;
        var g = new OnnxGraphBuilder("nomadmuse_generator_step");
        g.AddInt64Input(Token, 1).AddInt64Input(Instrument, 1).AddInt64Input(TrackType, 1).AddInt64Input(Position, 1);
        g.AddInput(Hidden1, 1, h).AddInput(Hidden2, 1, h).AddInput(Hidden3, 1, h);
        g.AddInput(PastKeys, W, d).AddInput(PastValues, W, d);
        foreach (var p in model.Parameters)
        {
            g.AddInitializer(p.Name, p.Value, [.. p.Shape.Select(x => (long)x)]);
        }

        // Embedding sum.
        g.AddNode("Gather", ["embedding.weight", Token], ["x_token"]).WithInt("axis", 0);
        g.AddNode("Gather", ["instrument_embedding.weight", Instrument], ["x_instrument"]).WithInt("axis", 0);
        g.AddNode("Gather", ["track_type_embedding.weight", TrackType], ["x_track_type"]).WithInt("axis", 0);
        g.AddNode("Add", ["x_token", "x_instrument"], ["x_partial"]);
        g.AddNode("Add", ["x_partial", "x_track_type"], ["x"]);

        OnnxGruExport.AddGruStep(g, "gru1", "x", Hidden1, Hidden1Out, "gru1.weight_ih", "gru1.weight_hh", "gru1.bias_ih", "gru1.bias_hh");
        OnnxGruExport.AddGruStep(g, "gru2", Hidden1Out, Hidden2, Hidden2Out, "gru2.weight_ih", "gru2.weight_hh", "gru2.bias_ih", "gru2.bias_hh");
        AddAttention(g, Hidden2Out, "attended", W, d);
        g.AddNode("Add", [Hidden2Out, "attended"], ["residual"]);
        OnnxGruExport.AddGruStep(g, "gru3", "residual", Hidden3, Hidden3Out, "gru3.weight_ih", "gru3.weight_hh", "gru3.bias_ih", "gru3.bias_hh");
        g.AddNode("Gemm", [Hidden3Out, "head.weight", "head.bias"], [Logits]).WithInt("transB", 1);

        g.AddOutput(Logits, 1, V).AddOutput(Hidden1Out, 1, h).AddOutput(Hidden2Out, 1, h).AddOutput(Hidden3Out, 1, h);
        g.AddOutput(KeysOut, W, d).AddOutput(ValuesOut, W, d);

        var writer = new OnnxModelWriter(g) { DocString = "NomadMuse generator: one token step (see GeneratorOnnx)." };
        writer.MetadataProps["architecture"] = GeneratorModel.Architecture;
        writer.MetadataProps["embedding"] = e.ToString(CultureInfo.InvariantCulture);
        writer.MetadataProps["hidden"] = h.ToString(CultureInfo.InvariantCulture);
        writer.MetadataProps["attention_window"] = W.ToString(CultureInfo.InvariantCulture);
        writer.MetadataProps["attention_head"] = d.ToString(CultureInfo.InvariantCulture);
        writer.MetadataProps["vocab"] = V.ToString(CultureInfo.InvariantCulture);
        return writer;
    }

    /// <summary>Writes the single-step graph of <paramref name="model"/> to <paramref name="path"/> (temp file + move).</summary>
    /// <param name="model">The model.</param>
    /// <param name="path">The <c>.onnx</c> file to write.</param>
    public static void Save(GeneratorModel model, string path) => CreateWriter(model).Save(path);

    /// <summary>Creates a generator from the initializers of a graph of this layout (exported here or elsewhere).</summary>
    /// <param name="onnx">The parsed ONNX model.</param>
    /// <returns>An fp32 model; E and H are read from the shapes of <c>embedding.weight</c> and <c>gru1.weight_hh</c>.</returns>
    /// <exception cref="OnnxFormatException">An initializer is missing, not FLOAT, or of another shape than the layout needs.</exception>
    public static GeneratorModel Import(OnnxModelReader onnx)
    {
        ArgumentNullException.ThrowIfNull(onnx);
        long[] embedding = onnx.GetInitializerShape("embedding.weight");
        long[] recurrent = onnx.GetInitializerShape("gru1.weight_hh");
        if (embedding.Length != 2 || embedding[0] != GeneratorConfig.Vocabulary || embedding[1] is < 1 or > 4096)
        {
            throw new OnnxFormatException($"shape [{string.Join(", ", embedding)}] is not [{GeneratorConfig.Vocabulary}, E] with E in 1–4096", "embedding.weight");
        }

        if (recurrent.Length != 2 || recurrent[1] is < 1 or > 4096 || recurrent[0] != 3 * recurrent[1])
        {
            throw new OnnxFormatException($"shape [{string.Join(", ", recurrent)}] is not [3H, H] with H in 1–4096", "gru1.weight_hh");
        }

        var model = new GeneratorModel(new GeneratorConfig((int)embedding[1], (int)recurrent[1], 0f), new NomadMuse.Core.Training.TrainingRandom(0));
        ImportInto(onnx, model);
        return model;
    }

    /// <summary>Overwrites every parameter of <paramref name="model"/> with the initializer of the same name.</summary>
    /// <param name="onnx">The parsed ONNX model.</param>
    /// <param name="model">An fp32 model of the graph's sizes.</param>
    /// <exception cref="OnnxFormatException">An initializer is missing or does not match.</exception>
    /// <exception cref="ArgumentException">The model is quantised (its INT8 weights would not follow).</exception>
    public static void ImportInto(OnnxModelReader onnx, GeneratorModel model)
    {
        ArgumentNullException.ThrowIfNull(onnx);
        ArgumentNullException.ThrowIfNull(model);
        if (model.IsQuantized)
        {
            throw new ArgumentException("Import into an fp32 model, then call Quantize().", nameof(model));
        }

        onnx.CopyToParameters(model.Parameters);
    }

    private static void AddAttention(OnnxGraphBuilder g, string input, string output, int window, int head)
    {
        int slots = window + 1;
        g.AddNode("Gemm", [input, "attention.q_proj.weight", "attention.q_proj.bias"], ["attention.q"]).WithInt("transB", 1);
        g.AddNode("Gemm", [input, "attention.k_proj.weight", "attention.k_proj.bias"], ["attention.k"]).WithInt("transB", 1);
        g.AddNode("Gemm", [input, "attention.v_proj.weight", "attention.v_proj.bias"], ["attention.v"]).WithInt("transB", 1);

        // Keys/values of the window: the 32 previous (oldest first) and the current token last.
        g.AddNode("Concat", [PastKeys, "attention.k"], ["attention.keys"]).WithInt("axis", 0);
        g.AddNode("Concat", [PastValues, "attention.v"], ["attention.values"]).WithInt("axis", 0);
        g.AddInt64Initializer("attention.shift_start", [1], [1]);
        g.AddInt64Initializer("attention.shift_end", [slots], [1]);
        g.AddInt64Initializer("attention.axis0", [0], [1]);
        g.AddNode("Slice", ["attention.keys", "attention.shift_start", "attention.shift_end", "attention.axis0"], [KeysOut]);
        g.AddNode("Slice", ["attention.values", "attention.shift_start", "attention.shift_end", "attention.axis0"], [ValuesOut]);

        // Slot i holds the token (window − i) steps back: relative_bias[64 − window + i], valid when window − i ≤ position.
        g.AddInt64Initializer("attention.band_start", [64 - window], [1]);
        g.AddInt64Initializer("attention.band_end", [65], [1]);
        g.AddNode("Slice", ["attention.relative_bias", "attention.band_start", "attention.band_end", "attention.axis0"], ["attention.band"]);
        g.AddInt64Initializer("attention.slot_index", [.. Enumerable.Range(0, slots).Select(i => (long)i)], [slots]);
        g.AddInt64Initializer("attention.window", [window], [1]);
        g.AddInitializer("attention.masked", [MaskedScore], [1]);
        g.AddInitializer("attention.unmasked", [0f], [1]);
        g.AddNode("Sub", ["attention.window", Position], ["attention.first_valid"]);
        g.AddNode("Less", ["attention.slot_index", "attention.first_valid"], ["attention.invalid"]);
        g.AddNode("Where", ["attention.invalid", "attention.masked", "attention.unmasked"], ["attention.mask"]);
        g.AddNode("Add", ["attention.band", "attention.mask"], ["attention.score_bias"]);

        // scores = q·Kᵀ/√d + bias, softmax, context = weights·V, output projection.
        g.AddNode("Gemm", ["attention.q", "attention.keys", "attention.score_bias"], ["attention.scores"])
            .WithInt("transB", 1)
            .WithFloat("alpha", 1f / MathF.Sqrt(head));
        g.AddNode("Softmax", ["attention.scores"], ["attention.weights"]).WithInt("axis", -1);
        g.AddNode("MatMul", ["attention.weights", "attention.values"], ["attention.context"]);
        g.AddNode("Gemm", ["attention.context", "attention.out_proj.weight", "attention.out_proj.bias"], [output]).WithInt("transB", 1);
    }
}
