namespace NomadMuse.Generation.Model;

/// <summary>The sizes that fix a <see cref="TransformerModel"/>'s tensor shapes, plus its training dropout.</summary>
/// <remarks>
/// The vocabulary, conditioning tables, attention head (64) and causal window (32) are the same constants as the
/// GRU/attention generator's (<see cref="GeneratorConfig"/>); the model width, the number of blocks and the
/// feed-forward width vary.
/// </remarks>
public sealed record TransformerConfig
{
    /// <summary>Creates a configuration.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is outside its range or dropout outside [0, 1).</exception>
    public TransformerConfig(int modelDimension, int blocks, int feedForward, float dropout = 0.1f)
    {
        if (modelDimension is < 1 or > 4096)
        {
            throw new ArgumentOutOfRangeException(nameof(modelDimension), modelDimension, "Must be 1–4096.");
        }

        if (blocks is < 1 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(blocks), blocks, "Must be 1–64.");
        }

        if (feedForward is < 1 or > 16384)
        {
            throw new ArgumentOutOfRangeException(nameof(feedForward), feedForward, "Must be 1–16384.");
        }

        if (!(dropout >= 0f && dropout < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(dropout), dropout, "Must be in [0, 1).");
        }

        ModelDimension = modelDimension;
        Blocks = blocks;
        FeedForward = feedForward;
        Dropout = dropout;
    }

    /// <summary>The seed's ≈2.5M-parameter base (§3.2.3): d = 256, 4 blocks, FFN 1024; 2,509,830 parameters.</summary>
    public static TransformerConfig Base { get; } = new(256, 4, 1024);

    /// <summary>Width d of the embeddings and of the residual stream.</summary>
    public int ModelDimension { get; }

    /// <summary>Number of pre-LayerNorm blocks.</summary>
    public int Blocks { get; }

    /// <summary>Hidden width of each block's feed-forward network (4d in the presets).</summary>
    public int FeedForward { get; }

    /// <summary>Dropout on the attention and feed-forward outputs before each residual add (training only).</summary>
    public float Dropout { get; }

    /// <summary>The number of trainable floats this configuration gives.</summary>
    public long ParameterCount
    {
        get
        {
            long d = ModelDimension, f = FeedForward, a = GeneratorConfig.AttentionHead;
            long embeddings = (GeneratorConfig.Vocabulary + GeneratorConfig.InstrumentClasses + GeneratorConfig.TrackTypes) * d;
            long attention = (3 * ((a * d) + a)) + (d * a) + d + 129;
            long feedForward = (f * d) + f + (d * f) + d;
            long block = (2 * 2 * d) + attention + feedForward;
            long head = (2 * d) + (GeneratorConfig.Vocabulary * d) + GeneratorConfig.Vocabulary;
            return embeddings + (Blocks * block) + head;
        }
    }
}
