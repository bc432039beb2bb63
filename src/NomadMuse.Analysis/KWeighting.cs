namespace NomadMuse.Analysis;

/// <summary>
/// The K-weighting of ITU-R BS.1770-4 (a high-frequency shelf followed by the "RLB" high-pass) for any sample rate.
/// </summary>
/// <remarks>
/// BS.1770 publishes the two biquads only for 48 kHz. They are the bilinear transforms (with frequency pre-warping)
/// of two analog prototypes whose parameters were recovered by fitting the published 48 kHz coefficients; designing
/// from those parameters reproduces the published numbers to about 1e-9 and gives the same response at every other
/// rate. The shelf is <c>H(s) = (Vh·s² + Vb·(ω0/Q)·s + ω0²) / (s² + (ω0/Q)·s + ω0²)</c> in the usual RBJ form with
/// separate high- and mid-band gains; the high-pass is a plain second-order high-pass with numerator
/// <c>1 − 2z⁻¹ + z⁻²</c> (not normalised to unity passband gain, exactly as published).
/// </remarks>
public static class KWeighting
{
    /// <summary>Shelf centre frequency of the analog prototype, Hz.</summary>
    public const double ShelfFrequencyHz = 1681.974450955533;

    /// <summary>Shelf gain of the analog prototype, dB.</summary>
    public const double ShelfGainDb = 3.999843853973347;

    /// <summary>Shelf quality factor of the analog prototype.</summary>
    public const double ShelfQ = 0.7071752369554196;

    /// <summary>Exponent relating the shelf's mid-band gain to its high-band gain: <c>Vb = Vh^0.49966677…</c>.</summary>
    public const double ShelfBandGainExponent = 0.4996667741545416;

    /// <summary>High-pass ("RLB") corner frequency of the analog prototype, Hz.</summary>
    public const double HighPassFrequencyHz = 38.13547087602444;

    /// <summary>High-pass quality factor of the analog prototype.</summary>
    public const double HighPassQ = 0.5003270373238773;

    /// <summary>The lowest sample rate accepted, Hz (the shelf needs <c>fs/2</c> above its centre frequency).</summary>
    public const int MinSampleRate = 8000;

    /// <summary>The first stage: the high-frequency shelf (+4 dB above about 2 kHz).</summary>
    /// <param name="sampleRate">Sample rate in Hz, at least <see cref="MinSampleRate"/>.</param>
    /// <returns>The coefficients, normalised so that <c>a0 = 1</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sampleRate"/> is below <see cref="MinSampleRate"/> or not finite.</exception>
    public static BiquadCoefficients Shelf(double sampleRate)
    {
        CheckRate(sampleRate);
        double k = Math.Tan(Math.PI * ShelfFrequencyHz / sampleRate);
        double vh = Math.Pow(10.0, ShelfGainDb / 20.0);
        double vb = Math.Pow(vh, ShelfBandGainExponent);
        double kq = k / ShelfQ;
        double a0 = 1.0 + kq + (k * k);
        return new BiquadCoefficients(
            (vh + (vb * kq) + (k * k)) / a0,
            2.0 * ((k * k) - vh) / a0,
            (vh - (vb * kq) + (k * k)) / a0,
            2.0 * ((k * k) - 1.0) / a0,
            (1.0 - kq + (k * k)) / a0);
    }

    /// <summary>The second stage: the revised low-frequency B-curve ("RLB") high-pass.</summary>
    /// <param name="sampleRate">Sample rate in Hz, at least <see cref="MinSampleRate"/>.</param>
    /// <returns>The coefficients with numerator <c>1, −2, 1</c>, as BS.1770 publishes them.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sampleRate"/> is below <see cref="MinSampleRate"/> or not finite.</exception>
    public static BiquadCoefficients HighPass(double sampleRate)
    {
        CheckRate(sampleRate);
        double k = Math.Tan(Math.PI * HighPassFrequencyHz / sampleRate);
        double kq = k / HighPassQ;
        double a0 = 1.0 + kq + (k * k);
        return new BiquadCoefficients(1.0, -2.0, 1.0, 2.0 * ((k * k) - 1.0) / a0, (1.0 - kq + (k * k)) / a0);
    }

    private static void CheckRate(double sampleRate)
    {
        if (!double.IsFinite(sampleRate) || sampleRate < MinSampleRate)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, $"The sample rate must be at least {MinSampleRate} Hz.");
        }
    }
}
