namespace NomadMuse.Analysis.Background;

/// <summary>Settings of a <see cref="MixAnalysisLoop"/>.</summary>
public sealed class MixAnalysisLoopOptions
{
    /// <summary>Sample rate of the mix, Hz (default 48 000).</summary>
    public int SampleRate { get; init; } = 48_000;

    /// <summary>Interleaved channels of the mix, 1–6 (default 2).</summary>
    public int Channels { get; init; } = 2;

    /// <summary>The tonal-balance target; null for the built-in <see cref="Genre"/> curve (or pop when no genre is set).</summary>
    public GenreTarget? Target { get; init; }

    /// <summary>The genre recorded in the state (and, without <see cref="Target"/>, the built-in curve to compare with).</summary>
    public string? Genre { get; init; }

    /// <summary>How often the state is updated (default 1.5 s; 10 ms to 60 s).</summary>
    public TimeSpan UpdateInterval { get; init; } = TimeSpan.FromSeconds(1.5);

    /// <summary>Audio the ring holds before the audio thread's pushes are dropped, seconds (default 2; 0.05–60).</summary>
    public double RingSeconds { get; init; } = 2;

    /// <summary>Suggestion thresholds and count; null for the defaults.</summary>
    public SuggestionOptions? Suggestions { get; init; }

    /// <summary>Analyser settings; null for the defaults.</summary>
    public MixAnalyzerOptions? Analyzer { get; init; }

    /// <summary>Checks every value and throws naming the first bad one.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    /// <exception cref="ArgumentException"><see cref="Genre"/> is not a built-in genre and no <see cref="Target"/> is set.</exception>
    public void Validate()
    {
        if (SampleRate is < 8_000 or > 768_000)
        {
            throw new ArgumentOutOfRangeException(nameof(SampleRate), SampleRate, "The sample rate must be 8 000–768 000 Hz.");
        }

        if (Channels is < 1 or > 6)
        {
            throw new ArgumentOutOfRangeException(nameof(Channels), Channels, "The mix must have 1–6 channels.");
        }

        if (UpdateInterval < TimeSpan.FromMilliseconds(10) || UpdateInterval > TimeSpan.FromSeconds(60))
        {
            throw new ArgumentOutOfRangeException(nameof(UpdateInterval), UpdateInterval, "The update interval must be 10 ms to 60 s (1–2 s is typical).");
        }

        if (!(RingSeconds is >= 0.05 and <= 60))
        {
            throw new ArgumentOutOfRangeException(nameof(RingSeconds), RingSeconds, "The ring must hold 0.05–60 s of audio.");
        }

        if (Target is null && Genre is not null)
        {
            _ = GenreTarget.Builtin(Genre);
        }
    }

    internal GenreTarget ResolveTarget() => Target ?? GenreTarget.Builtin(Genre ?? "pop");
}
