namespace NomadMuse.Analysis;

/// <summary>Conversions between BS.1770 mean squares and loudness levels.</summary>
internal static class Loudness
{
    /// <summary>BS.1770's offset, chosen so that a 1 kHz sine at −23 dBFS in both stereo channels reads −23 LUFS.</summary>
    public const double OffsetDb = -0.691;

    /// <summary><c>−0.691 + 10·log10(z)</c>; −∞ for zero.</summary>
    public static double FromMeanSquare(double meanSquare) =>
        meanSquare > 0 ? OffsetDb + (10.0 * Math.Log10(meanSquare)) : double.NegativeInfinity;

    /// <summary><c>20·log10(a)</c>; −∞ for zero.</summary>
    public static double AmplitudeToDb(double amplitude) =>
        amplitude > 0 ? 20.0 * Math.Log10(amplitude) : double.NegativeInfinity;
}
