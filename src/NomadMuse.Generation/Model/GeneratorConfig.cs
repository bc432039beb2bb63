using NomadMuse.Generation.Tokens;

namespace NomadMuse.Generation.Model;

/// <summary>The sizes that fix a <see cref="GeneratorModel"/>'s tensor shapes, plus its training dropout.</summary>
/// <remarks>
/// The vocabulary (258), the conditioning tables (21 instrument classes, 3 track types), the attention head (64)
/// and window (32) are fixed by the seed (§3.2.2, §3.2.5) and are constants here; only the embedding and hidden
/// widths vary. See docs/models.md for why the seed's own parameter breakdown cannot add up.
/// </remarks>
public sealed record GeneratorConfig
{
    /// <summary>Token vocabulary size (<see cref="MuseVocabulary.Size"/>).</summary>
    public const int Vocabulary = MuseVocabulary.Size;

    /// <summary>Instrument conditioning classes: 0 = unknown, 1–20 = <c>NomadMuse.State.InstrumentClass</c>.</summary>
    public const int InstrumentClasses = 21;

    /// <summary>Track-type conditioning classes: <c>NomadMuse.State.TrackType</c> 0–2.</summary>
    public const int TrackTypes = 3;

    /// <summary>Attention head width (seed: 64-dim head).</summary>
    public const int AttentionHead = 64;

    /// <summary>Causal attention window: the current token and the 32 before it.</summary>
    public const int AttentionWindow = 32;

    /// <summary>Creates a configuration.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A width is outside 1–4096 or dropout outside [0, 1).</exception>
    public GeneratorConfig(int embeddingSize, int hiddenSize, float dropout = 0.2f)
    {
        if (embeddingSize is < 1 or > 4096)
        {
            throw new ArgumentOutOfRangeException(nameof(embeddingSize), embeddingSize, "Must be 1–4096.");
        }

        if (hiddenSize is < 1 or > 4096)
        {
            throw new ArgumentOutOfRangeException(nameof(hiddenSize), hiddenSize, "Must be 1–4096.");
        }

        if (!(dropout >= 0f && dropout < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(dropout), dropout, "Must be in [0, 1).");
        }

        EmbeddingSize = embeddingSize;
        HiddenSize = hiddenSize;
        Dropout = dropout;
    }

    /// <summary>The ≈200k-parameter on-device student: E = H = 88, 211,691 parameters.</summary>
    public static GeneratorConfig Student { get; } = new(88, 88);

    /// <summary>The ≈300k-parameter fusion model: E = H = 108, 298,551 parameters.</summary>
    public static GeneratorConfig Fusion { get; } = new(108, 108);

    /// <summary>Width E of the token and conditioning embeddings.</summary>
    public int EmbeddingSize { get; }

    /// <summary>Width H of the three GRUs and the attention's model dimension.</summary>
    public int HiddenSize { get; }

    /// <summary>Dropout rate after GRU1 and GRU2 during training (identity at inference).</summary>
    public float Dropout { get; }

    /// <summary>The number of trainable floats this configuration gives.</summary>
    public long ParameterCount
    {
        get
        {
            long e = EmbeddingSize, h = HiddenSize, d = AttentionHead;
            long embeddings = (Vocabulary + InstrumentClasses + TrackTypes) * e;
            long gru1 = (3 * h * (e + h)) + (6 * h);
            long gru = (3 * h * (h + h)) + (6 * h);
            long attention = (3 * ((d * h) + d)) + (h * d) + h + 129;
            long head = (Vocabulary * h) + Vocabulary;
            return embeddings + gru1 + (2 * gru) + attention + head;
        }
    }

    /// <summary>Looks a preset up by name (<c>student</c> or <c>fusion</c>, case-insensitive).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The name is not a preset.</exception>
    public static GeneratorConfig FromPreset(string name) => name?.ToUpperInvariant() switch
    {
        "STUDENT" => Student,
        "FUSION" => Fusion,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Known presets: student, fusion."),
    };

    /// <summary>Checks a conditioning pair (shared by every model's streaming state).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A class is outside its range.</exception>
    internal static void ValidateContext(int instrument, int trackType)
    {
        if ((uint)instrument >= InstrumentClasses)
        {
            throw new ArgumentOutOfRangeException(nameof(instrument), instrument, "Must be 0 (unknown) to 20.");
        }

        if ((uint)trackType >= TrackTypes)
        {
            throw new ArgumentOutOfRangeException(nameof(trackType), trackType, "Must be 0 (unknown), 1 (tonal) or 2 (percussive).");
        }
    }
}
