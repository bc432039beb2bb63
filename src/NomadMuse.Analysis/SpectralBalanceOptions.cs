namespace NomadMuse.Analysis;

/// <summary>Settings of a <see cref="SpectralBalance"/> analyser.</summary>
public sealed class SpectralBalanceOptions
{
    /// <summary>The FFT (and Hann window) length; frames overlap by half of it.</summary>
    /// <value>A power of two from 256 to 65536. The default is 4096 (the real-time analyser); use 8192 to reproduce
    /// <c>compute_bands.py</c> (Welch, 8192-point Hann, 50 % overlap) with <see cref="SpectralBalance.LongTermRelative"/>.</value>
    public int FftSize { get; init; } = 4096;

    /// <summary>The weight <c>α</c> of each new frame in the exponential moving average of band power.</summary>
    /// <value>In (0, 1]. The default is 0.1 (a time constant of about 10 frames, ≈ 0.43 s at 4096 / 48 kHz).</value>
    public double Smoothing { get; init; } = 0.1;
}
