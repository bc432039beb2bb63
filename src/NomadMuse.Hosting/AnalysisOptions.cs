namespace NomadMuse.Hosting;

/// <summary>Settings of the background mix analysis added by <see cref="NomadMuseBuilder.AddAnalysis"/> (validated when the coordinator is created, or at host start).</summary>
public sealed class AnalysisOptions
{
    /// <summary>Built-in genre curve to compare the mix with (pop, rock, edm, hip-hop, jazz, classical, metal, indie; default pop).</summary>
    public string Genre { get; set; } = "pop";

    /// <summary>A custom target curve file (from <c>target build</c>); overrides <see cref="Genre"/>'s curve, the genre is still recorded.</summary>
    public string? TargetPath { get; set; }

    /// <summary>Sample rate of the mix passed to <see cref="IMuseCoordinator.OnMixAudio"/>, Hz (default 48 000).</summary>
    public int SampleRate { get; set; } = 48_000;

    /// <summary>Interleaved channels of the mix, 1–6 (default 2).</summary>
    public int Channels { get; set; } = 2;

    /// <summary>How often the state is updated (default 1.5 s; 10 ms–60 s).</summary>
    public TimeSpan UpdateInterval { get; set; } = TimeSpan.FromSeconds(1.5);

    /// <summary>Seconds of audio buffered between the audio thread and the analysis (default 2; 0.05–60).</summary>
    public double RingSeconds { get; set; } = 2;

    /// <summary>Suggestions published at most (default 5; 0–50).</summary>
    public int MaxSuggestions { get; set; } = 5;

    /// <summary>Tolerance for every band, dB; null for the target's own.</summary>
    public double? ToleranceDb { get; set; }

    /// <summary>Rank suggestions with the embedded scorer too (default true).</summary>
    public bool UseScorer { get; set; } = true;
}
