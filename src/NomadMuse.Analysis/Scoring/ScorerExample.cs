using NomadMuse.State;

namespace NomadMuse.Analysis.Scoring;

/// <summary>
/// One analysed segment: a clean or damaged excerpt's measurements, the clean excerpt's own band levels (the
/// reference the target is drawn around) and the fix that undoes the damage.
/// </summary>
internal sealed record ScorerExample(string Source, MixFix Label, string Damage, BandLevels Measured, double[] Reference,
    LoudnessReading Loudness, DynamicsReading Dynamics, StereoReading Stereo)
{
    /// <summary>
    /// Deviations from a target = reference + N(0, <paramref name="mismatchDb"/>²) per band (the natural mismatch
    /// between a mix and a genre curve), median-centred as <see cref="MixAnalyzer.Report"/> does.
    /// </summary>
    public void Deviations(Span<double> deviations, double mismatchDb, Core.Training.TrainingRandom? random)
    {
        for (int b = 0; b < BandInfo.Count; b++)
        {
            double noise = random is null || mismatchDb <= 0 ? 0 : mismatchDb * random.NextGaussian();
            double level = Measured[(Band)b];
            deviations[b] = Measured.IsPresent((Band)b) && double.IsFinite(level) && double.IsFinite(Reference[b])
                ? level - (Reference[b] + noise)
                : double.NegativeInfinity;
        }

        MixAnalyzer.CentreOnMedian(deviations);
    }

    /// <summary>The scorer features against a target drawn with <paramref name="mismatchDb"/>.</summary>
    public void Features(Span<float> features, double mismatchDb, Core.Training.TrainingRandom? random)
    {
        Span<double> deviations = stackalloc double[BandInfo.Count];
        Deviations(deviations, mismatchDb, random);
        ScorerFeatures.Extract(deviations, Stereo, Dynamics, Loudness, features);
    }
}
