using NomadMuse.Analysis.Scoring;
using NomadMuse.State;

namespace NomadMuse.Analysis.Tests.Scoring;

public sealed class ScorerFeaturesTests
{
    private const int Rate = 44_100;

    [Fact]
    public void Extract_DualMonoPinkNoise_GivesTheStereoExtremes()
    {
        MixAnalyzer analyzer = MixSignals.Analyze(MixSignals.PinkStereo(1, Rate * 4, 1.0), Rate);
        double[] deviations = [30, -30, 6, -6, 0, double.NegativeInfinity, double.NaN];
        float[] f = new float[ScorerFeatures.Count];
        ScorerFeatures.Extract(deviations, analyzer.ReadStereo(), analyzer.ReadDynamics(), analyzer.ReadLoudness(), f);

        // Deviations: clamped to ±24 dB then /6; absent bands read 0.
        Assert.Equal([4f, -4f, 1f, -1f, 0f, -4f, 0f], f[..7]);
        Assert.Equal(1f, f[7], 3);          // correlation of identical channels
        Assert.Equal(-1f, f[8], 3);         // width 0 → −1
        Assert.Equal(-3f, f[9], 3);         // no side signal: −∞ dB side/mid → clamp −60 → −3
        Assert.All(f[12..19], v => Assert.Equal(0f, v, 3)); // no mono loss anywhere
        Assert.All(f, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Extract_WrongLengths_Throw()
    {
        MixAnalyzer analyzer = MixSignals.Analyze(MixSignals.PinkStereo(2, Rate, 0.5), Rate);
        Assert.Throws<ArgumentException>(() => ScorerFeatures.Extract(new double[6], analyzer.ReadStereo(), analyzer.ReadDynamics(), analyzer.ReadLoudness(), new float[ScorerFeatures.Count]));
        Assert.Throws<ArgumentException>(() => ScorerFeatures.Extract(new double[BandInfo.Count], analyzer.ReadStereo(), analyzer.ReadDynamics(), analyzer.ReadLoudness(), new float[5]));
    }
}
