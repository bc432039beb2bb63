namespace NomadMuse.Hosting;

/// <summary>Settings of the track classification added by <see cref="NomadMuseBuilder.AddClassification"/> (validated when the coordinator is created, or at host start).</summary>
public sealed class ClassificationModuleOptions
{
    /// <summary>A classifier model file (.nmm from <c>train classifier</c>); null (default) for the model embedded in NomadMuse.Classification.</summary>
    public string? ModelPath { get; set; }

    /// <summary>Run the classifier's INT8 path (default true); false for fp32.</summary>
    public bool Quantize { get; set; } = true;

    /// <summary>Averaged probability above which an instrument is decided, in (0, 1) (default the seed's 0.75); below it a track is "uncertain" (its type is still written).</summary>
    public float ConfidenceThreshold { get; set; } = 0.75f;

    /// <summary>Audio averaged into each decision (default 200 ms; the seed's 100–200 ms).</summary>
    public TimeSpan DecisionWindow { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Frames quieter than this RMS level (dBFS) are not averaged, so a pause keeps the last decision (default −60; −120–0).</summary>
    public float SilenceThresholdDb { get; set; } = -60f;

    /// <summary>Seconds of audio each track's ring holds between the audio thread and the classifier (default 1; 0.1–10).</summary>
    public double RingSeconds { get; set; } = 1;
}
