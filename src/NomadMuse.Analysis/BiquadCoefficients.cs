namespace NomadMuse.Analysis;

/// <summary>
/// A second-order IIR section normalised so that <c>a0 = 1</c>:
/// <c>H(z) = (B0 + B1·z⁻¹ + B2·z⁻²) / (1 + A1·z⁻¹ + A2·z⁻²)</c>.
/// </summary>
/// <param name="B0">Feed-forward coefficient of the current input.</param>
/// <param name="B1">Feed-forward coefficient of the previous input.</param>
/// <param name="B2">Feed-forward coefficient of the input two samples back.</param>
/// <param name="A1">Feedback coefficient of the previous output (sign as in the denominator above).</param>
/// <param name="A2">Feedback coefficient of the output two samples back.</param>
public readonly record struct BiquadCoefficients(double B0, double B1, double B2, double A1, double A2)
{
    /// <summary>The magnitude response in dB at <paramref name="frequencyHz"/>.</summary>
    /// <param name="frequencyHz">The frequency to evaluate, from 0 to the Nyquist frequency.</param>
    /// <param name="sampleRate">The sample rate the coefficients were designed for, in Hz.</param>
    /// <returns><c>20·log10|H(e^{iω})|</c> with <c>ω = 2π·f / fs</c>.</returns>
    public double MagnitudeDb(double frequencyHz, double sampleRate)
    {
        double w = 2.0 * Math.PI * frequencyHz / sampleRate;
        double c1 = Math.Cos(w), s1 = Math.Sin(w), c2 = Math.Cos(2 * w), s2 = Math.Sin(2 * w);
        double nr = B0 + (B1 * c1) + (B2 * c2), ni = -(B1 * s1) - (B2 * s2);
        double dr = 1 + (A1 * c1) + (A2 * c2), di = -(A1 * s1) - (A2 * s2);
        return 10.0 * Math.Log10(((nr * nr) + (ni * ni)) / ((dr * dr) + (di * di)));
    }
}
