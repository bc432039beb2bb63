namespace NomadMuse.Analysis;

/// <summary>Dynamics figures of a programme: crest factor, PLR and PSR, in dB.</summary>
/// <remarks>Values that cannot be formed yet (silence, under 400 ms or 3 s of input) are <see cref="double.NaN"/>-free: they read 0.</remarks>
/// <param name="CrestFactorDb">Sample peak re RMS over all channels and the whole programme (a sine reads 3.01 dB).</param>
/// <param name="PeakToLoudnessDb">PLR: true peak (dBTP) minus integrated loudness (LUFS).</param>
/// <param name="PeakToShortTermDb">PSR: true peak (dBTP) minus the maximum short-term loudness (LUFS).</param>
public readonly record struct DynamicsReading(double CrestFactorDb, double PeakToLoudnessDb, double PeakToShortTermDb)
{
    /// <summary>Forms the figures from a loudness reading and the programme's RMS level.</summary>
    /// <param name="loudness">Loudness and peaks of the programme.</param>
    /// <param name="rmsDbfs">RMS level over all channels, dBFS (<c>20·log10(rms)</c>).</param>
    /// <returns>The reading; a figure whose inputs are not finite reads 0.</returns>
    public static DynamicsReading From(LoudnessReading loudness, double rmsDbfs) => new(
        Difference(loudness.SamplePeakDbfs, rmsDbfs),
        Difference(loudness.TruePeakDbtp, loudness.IntegratedLufs),
        Difference(loudness.TruePeakDbtp, loudness.ShortTermMaxLufs));

    private static double Difference(double a, double b) => double.IsFinite(a) && double.IsFinite(b) ? a - b : 0;
}
