using NomadMuse.State;

namespace NomadMuse.Analysis.Scoring;

/// <summary>
/// The scorer's input: band deviations from the target plus stereo and dynamics figures, each mapped by a fixed
/// affine scale into roughly ±3 so no normalisation statistics need to ship with the model.
/// </summary>
internal static class ScorerFeatures
{
    /// <summary>Number of features.</summary>
    public const int Count = 23;

    // deviations: seven median-centred deviations, dB (−∞ or NaN for an absent band). Allocates nothing.
    public static void Extract(ReadOnlySpan<double> deviations, in StereoReading stereo, in DynamicsReading dynamics, in LoudnessReading loudness, Span<float> features)
    {
        if (deviations.Length != BandInfo.Count || features.Length != Count)
        {
            throw new ArgumentException($"Expected {BandInfo.Count} deviations and {Count} features, got {deviations.Length} and {features.Length}.", nameof(features));
        }

        for (int b = 0; b < BandInfo.Count; b++)
        {
            features[b] = Scale(deviations[b], -24, 24, 0, 6, 0);
        }

        features[7] = Scale(stereo.Correlation, -1, 1, 0, 1, 1);
        features[8] = Scale(stereo.Width, 0, 1, 0.5, 0.5, 0);
        features[9] = Scale(stereo.SideToMidDb, -60, 20, 0, 20, -3);
        features[10] = Scale(stereo.SideToMidDbIn(Band.SubBass), -60, 20, 0, 20, -3);
        features[11] = Scale(stereo.SideToMidDbIn(Band.Bass), -60, 20, 0, 20, -3);
        for (int b = 0; b < BandInfo.Count; b++)
        {
            features[12 + b] = Scale(stereo.MonoLossDb((Band)b), 0, 60, 0, 20, 0);
        }

        features[19] = Scale(dynamics.CrestFactorDb, 0, 40, 12, 6, 0);
        features[20] = Scale(dynamics.PeakToLoudnessDb, 0, 40, 12, 6, 0);
        features[21] = Scale(dynamics.PeakToShortTermDb, 0, 40, 10, 6, 0);
        features[22] = Scale(loudness.LoudnessRangeLu, 0, 30, 0, 10, 0);
    }

    /// <summary>(clamp(x, lo, hi) − centre) / scale; <paramref name="fallback"/> for NaN.</summary>
    private static float Scale(double x, double lo, double hi, double centre, double scale, float fallback) =>
        double.IsNaN(x) ? fallback : (float)((Math.Clamp(x, lo, hi) - centre) / scale);
}
