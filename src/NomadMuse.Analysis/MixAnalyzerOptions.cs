namespace NomadMuse.Analysis;

/// <summary>Settings of a <see cref="MixAnalyzer"/>.</summary>
public sealed class MixAnalyzerOptions
{
    /// <summary>FFT length of the spectral and stereo analysis; 8192 (the default) matches <c>compute_bands.py</c> and the built-in targets.</summary>
    public int FftSize { get; init; } = 8192;
}
