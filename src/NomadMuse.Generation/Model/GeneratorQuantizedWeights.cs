using NomadMuse.Core.Kernels;
using NomadMuse.Core.Neural;

namespace NomadMuse.Generation.Model;

/// <summary>
/// The INT8 weights of a quantised <see cref="GeneratorModel"/>: every weight matrix (the three embedding tables, the
/// GRU input and recurrent matrices, the attention projections, the head) as a <see cref="QuantizedMatrix"/>, keyed
/// by its parameter name, plus the INT8 layers built from them.
/// </summary>
internal sealed class GeneratorQuantizedWeights
{
    private readonly Dictionary<string, QuantizedMatrix> _matrices;

    public GeneratorQuantizedWeights(Dictionary<string, QuantizedMatrix> matrices, Func<string, float[]> floats, int window)
    {
        _matrices = matrices;
        Gru1 = Gru("gru1", floats);
        Gru2 = Gru("gru2", floats);
        Gru3 = Gru("gru3", floats);
        Attention = new QuantizedLocalSelfAttention(
            matrices["attention.q_proj.weight"], matrices["attention.k_proj.weight"], matrices["attention.v_proj.weight"], matrices["attention.out_proj.weight"],
            floats("attention.q_proj.bias"), floats("attention.k_proj.bias"), floats("attention.v_proj.bias"), floats("attention.out_proj.bias"),
            floats("attention.relative_bias"), window);
        Head = matrices["head.weight"];
        HeadBias = floats("head.bias");

        QuantizedGru Gru(string name, Func<string, float[]> f) => new(
            matrices[name + ".weight_ih"], matrices[name + ".weight_hh"], f(name + ".bias_ih"), f(name + ".bias_hh"));
    }

    /// <summary>The parameter names stored as INT8 (every rank-2 weight), in parameter order.</summary>
    public static IEnumerable<string> MatrixNames =>
    [
        "embedding.weight", "instrument_embedding.weight", "track_type_embedding.weight",
        "gru1.weight_ih", "gru1.weight_hh", "gru2.weight_ih", "gru2.weight_hh",
        "attention.q_proj.weight", "attention.k_proj.weight", "attention.v_proj.weight", "attention.out_proj.weight",
        "gru3.weight_ih", "gru3.weight_hh", "head.weight",
    ];

    public QuantizedGru Gru1 { get; }

    public QuantizedGru Gru2 { get; }

    public QuantizedGru Gru3 { get; }

    public QuantizedLocalSelfAttention Attention { get; }

    public QuantizedMatrix Head { get; }

    public float[] HeadBias { get; }

    public bool TryGet(string parameterName, out QuantizedMatrix matrix) => _matrices.TryGetValue(parameterName, out matrix!);
}
