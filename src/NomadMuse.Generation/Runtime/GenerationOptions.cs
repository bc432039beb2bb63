using NomadMuse.Generation.Runtime.Modes;
using NomadMuse.State;

namespace NomadMuse.Generation.Runtime;

/// <summary>How a <see cref="GenerationSession"/> samples: mode, key, temperature and truncation, seed, guards.</summary>
/// <remarks>Immutable; every setter validates. A session copies nothing from it after opening except what it reads per step.</remarks>
public sealed record GenerationOptions
{
    /// <summary>Tonal, percussive, or follow the track type in <see cref="State"/>.</summary>
    /// <value>The default is <see cref="GenerationMode.Auto"/>.</value>
    public GenerationMode Mode
    {
        get;
        init => field = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(Mode), value, "Unknown generation mode.");
    }

    /// <summary>Base softmax temperature T_base, 0.05–5.</summary>
    /// <value>The default is 1.</value>
    public float Temperature
    {
        get;
        init => field = value is >= 0.05f and <= 5f ? value : throw new ArgumentOutOfRangeException(nameof(Temperature), value, "The temperature must be 0.05–5.");
    } = 1f;

    /// <summary>Keep only the k most probable tokens before drawing (0 = no top-k).</summary>
    /// <value>The default is 0.</value>
    public int TopK
    {
        get;
        init => field = value is >= 0 and <= MuseVocabularySize ? value : throw new ArgumentOutOfRangeException(nameof(TopK), value, "Top-k must be 0 (off) to 258.");
    }

    /// <summary>Nucleus sampling: keep the most probable tokens whose mass reaches p, (0, 1]; 1 turns it off.</summary>
    /// <value>The default is 0.95.</value>
    public float TopP
    {
        get;
        init => field = value is > 0f and <= 1f ? value : throw new ArgumentOutOfRangeException(nameof(TopP), value, "Top-p must be in (0, 1].");
    } = 0.95f;

    /// <summary>Scale the temperature from the state's velocity statistics (seed §7; see <see cref="Sampling.AdaptiveTemperature"/>).</summary>
    /// <value>The default is <see langword="true"/> (it has no effect without a <see cref="State"/> holding velocities).</value>
    public bool AdaptiveTemperature { get; init; } = true;

    /// <summary>Notes whose confidence is below this are not offered as ghost notes (seed §7: softmax max &gt; 0.6).</summary>
    /// <value>The default is 0.6.</value>
    public float GhostNoteThreshold
    {
        get;
        init => field = value is >= 0f and <= 1f ? value : throw new ArgumentOutOfRangeException(nameof(GhostNoteThreshold), value, "The threshold is a probability, 0–1.");
    } = 0.6f;

    /// <summary>Random seed: the same seed, model, options and input give the same output; <see langword="null"/> for a fresh seed.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public long? Seed { get; init; }

    /// <summary>A fixed key for tonal mode; <see langword="null"/> to take it from <see cref="KeySource"/>.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public MusicalKey? Key { get; init; }

    /// <summary>Where the key comes from when <see cref="Key"/> is null.</summary>
    /// <value>The default is <see cref="Modes.KeySource.Detect"/>.</value>
    public KeySource KeySource
    {
        get;
        init => field = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(KeySource), value, "Unknown key source.");
    }

    /// <summary>Strict mask, soft penalty, or no key constraint in tonal mode.</summary>
    /// <value>The default is <see cref="Modes.KeyConstraint.Strict"/>.</value>
    public KeyConstraint KeyConstraint
    {
        get;
        init => field = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(KeyConstraint), value, "Unknown key constraint.");
    }

    /// <summary>Logit penalty (nats) on out-of-key pitches under <see cref="Modes.KeyConstraint.Soft"/>, 0–50.</summary>
    /// <value>The default is 3 (an out-of-key pitch is e³ ≈ 20 times less likely than the model says).</value>
    public float SoftKeyPenalty
    {
        get;
        init => field = value is >= 0f and <= 50f ? value : throw new ArgumentOutOfRangeException(nameof(SoftKeyPenalty), value, "The penalty must be 0–50 nats.");
    } = 3f;

    /// <summary>How many recent generated notes the repetition guard looks at, 1–64.</summary>
    /// <value>The default is 16.</value>
    public int RepetitionWindow
    {
        get;
        init => field = value is >= 1 and <= 64 ? value : throw new ArgumentOutOfRangeException(nameof(RepetitionWindow), value, "The window must be 1–64 notes.");
    } = 16;

    /// <summary>How often a pitch may occur in the window before the guard penalises it (drums get twice this), 1–64.</summary>
    /// <value>The default is 4.</value>
    public int MaxRepeats
    {
        get;
        init => field = value is >= 1 and <= 64 ? value : throw new ArgumentOutOfRangeException(nameof(MaxRepeats), value, "Must be 1–64.");
    } = 4;

    /// <summary>Logit penalty (nats) per occurrence beyond <see cref="MaxRepeats"/>, 0–20; 0 turns the guard off.</summary>
    /// <value>The default is 1.5.</value>
    public float RepetitionPenalty
    {
        get;
        init => field = value is >= 0f and <= 20f ? value : throw new ArgumentOutOfRangeException(nameof(RepetitionPenalty), value, "The penalty must be 0–20 nats.");
    } = 1.5f;

    /// <summary>Most notes and markers on one grid step before a time shift is forced, 1–32.</summary>
    /// <value>The default is 8.</value>
    public int MaxEventsPerStep
    {
        get;
        init => field = value is >= 1 and <= 32 ? value : throw new ArgumentOutOfRangeException(nameof(MaxEventsPerStep), value, "Must be 1–32.");
    } = 8;

    /// <summary>Priming feeds at most this many of the latest tokens to the model (older music only sets the clock), 16–1,000,000.</summary>
    /// <value>The default is 2048.</value>
    public int MaxPrimeTokens
    {
        get;
        init => field = value is >= 16 and <= 1_000_000 ? value : throw new ArgumentOutOfRangeException(nameof(MaxPrimeTokens), value, "Must be 16–1,000,000.");
    } = 2048;

    /// <summary>
    /// Applied to the logits after every model step (e.g. a personal adapter); opened once per session. Masks,
    /// temperature and sampling act on the adjusted logits.
    /// </summary>
    /// <value>The default is <see langword="null"/>: the generator's logits as they are.</value>
    public ILogitAdjustment? LogitAdjustment { get; init; }

    /// <summary>The shared state to read (track type, key, velocities, time signature) and write (detected key); optional.</summary>
    /// <value>The default is <see langword="null"/>: C major, 4/4, no adaptive temperature.</value>
    public UnifiedState? State { get; init; }

    /// <summary>The track of <see cref="State"/> this session generates for (Auto mode reads its type).</summary>
    /// <value>The default is 0.</value>
    public int TrackId
    {
        get;
        init => field = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(TrackId), value, "Track ids are 0 or more.");
    }

    /// <summary>Instrument conditioning; <see langword="null"/> to take it from the state's track, else unknown.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public InstrumentClass? Instrument
    {
        get;
        init => field = value is null || ((int)value is >= 1 and <= InstrumentClassInfo.Count)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Instrument), value, "Instrument class ids run from 1 to 20.");
    }

    private const int MuseVocabularySize = Tokens.MuseVocabulary.Size;
}
