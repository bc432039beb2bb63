using System.Collections.Immutable;

namespace NomadMuse.Analysis.Scoring;

/// <summary>Settings of <see cref="MixScorerTraining"/>.</summary>
public sealed class MixScorerTrainingOptions
{
    /// <summary>
    /// The default held-out files (one per genre with several tracks): they never train the scorer and give the
    /// reported precision and recall.
    /// </summary>
    public static ImmutableArray<string> DefaultHeldOut { get; } =
    [
        "rock_sectoid_war-of-freedom.flac", "metal_obsidian-shell_vermocsar.flac", "edm_picciani_temple.flac",
        "classical_czech-nso_grieg-morning.flac", "hiphop_tad_oceanside.flac",
    ];

    /// <summary>File names (without folder) kept out of training.</summary>
    public IReadOnlyCollection<string> HeldOut { get; init; } = DefaultHeldOut;

    /// <summary>Length of each analysed segment, seconds (default 6; at least 3 so short-term loudness exists).</summary>
    public double SegmentSeconds { get; init; } = 6;

    /// <summary>Segments taken per file, evenly spaced (default 10, as the embedded scorer). Each is analysed clean and with every damage.</summary>
    public int SegmentsPerFile { get; init; } = 10;

    /// <summary>Seed of damage parameters, initial weights and the mismatch noise.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Training epochs over the examples (default 150).</summary>
    public int Epochs { get; init; } = 150;

    /// <summary>Examples per step (default 32).</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Peak learning rate of the warm-up + cosine schedule (default 3e-3).</summary>
    public float LearningRate { get; init; } = 3e-3f;

    /// <summary>
    /// During training each example's target is its clean reference plus per-band noise of a standard deviation drawn
    /// uniformly from 0 to this (dB, default 3): mixes never sit exactly on a genre curve.
    /// </summary>
    public double MaxMismatchDb { get; init; } = 3;

    /// <summary>First hidden layer width (default 96).</summary>
    public int Hidden1 { get; init; } = 96;

    /// <summary>Second hidden layer width (default 64).</summary>
    public int Hidden2 { get; init; } = 64;

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(HeldOut);
        if (!(SegmentSeconds is >= 3 and <= 120))
        {
            throw new ArgumentOutOfRangeException(nameof(SegmentSeconds), SegmentSeconds, "Segments must last 3–120 s.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(SegmentsPerFile);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Epochs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BatchSize);
        if (!(LearningRate > 0 && float.IsFinite(LearningRate)))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "The learning rate must be positive.");
        }

        if (!(MaxMismatchDb is >= 0 and <= 12))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxMismatchDb), MaxMismatchDb, "The mismatch must be 0–12 dB.");
        }
    }
}
