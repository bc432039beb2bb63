using NomadMuse.Classification.Features;

namespace NomadMuse.Classification.Tests.Features;

public sealed class MelSpectrogramTests
{
    /// <summary>Mel column by a naive double DFT of the frame with a centred, zero-padded periodic Hann window.</summary>
    private static double[] NaiveMel(float[] frame, FeatureSettings s, MelFilterBank bank)
    {
        int n = s.FftSize;
        int pad = (n - s.WindowLength) / 2;
        double[] x = new double[n];
        for (int i = 0; i < s.WindowLength; i++)
        {
            x[pad + i] = frame[pad + i] * (0.5 - (0.5 * Math.Cos(2 * Math.PI * i / s.WindowLength)));
        }

        double[] mel = new double[s.MelBins];
        for (int k = 0; k <= n / 2; k++)
        {
            double re = 0, im = 0;
            for (int j = 0; j < n; j++)
            {
                re += x[j] * Math.Cos(2 * Math.PI * k * j / n);
                im -= x[j] * Math.Sin(2 * Math.PI * k * j / n);
            }

            double value = (re * re) + (im * im);
            value = s.Power == 1.0 ? Math.Sqrt(value) : value;
            for (int m = 0; m < s.MelBins; m++)
            {
                mel[m] += bank.GetWeight(m, k) * value;
            }
        }

        return mel;
    }

    [Theory]
    [InlineData(1024, 1024, 2.0)]
    [InlineData(1024, 512, 2.0)]
    [InlineData(512, 400, 1.0)]
    public void ComputeFrame_RandomFrame_MatchesNaiveDft(int fftSize, int window, double power)
    {
        var s = FeatureSettings.Default with { FftSize = fftSize, WindowLength = window, Power = power, MelBins = 64 };
        var mel = new MelSpectrogram(s);
        var rng = new Random(7);
        float[] frame = Enumerable.Range(0, fftSize).Select(_ => (float)((rng.NextDouble() * 2) - 1)).ToArray();
        float[] actual = new float[s.MelBins];
        mel.ComputeFrame(frame, actual);
        double[] expected = NaiveMel(frame, s, mel.FilterBank);
        double max = expected.Max();
        for (int m = 0; m < s.MelBins; m++)
        {
            Assert.True(Math.Abs(actual[m] - expected[m]) <= (1e-4 * expected[m]) + (1e-6 * max), $"band {m}: {actual[m]} vs {expected[m]}");
        }
    }

    [Fact]
    public void Compute_CenteredFrames_EqualComputeFrameOnZeroPaddedSignal()
    {
        var s = FeatureSettings.Default;
        var mel = new MelSpectrogram(s);
        var rng = new Random(3);
        float[] signal = Enumerable.Range(0, 3000).Select(_ => (float)((rng.NextDouble() * 2) - 1)).ToArray();
        int frames = mel.GetFrameCount(signal.Length);
        Assert.Equal(1 + (3000 / 441), frames);
        float[] all = new float[s.MelBins * frames];
        mel.Compute(signal, all);

        // Frame 1 starts at 441 − 512 = −71: 71 zeros, then the signal.
        float[] frame = new float[s.FftSize];
        signal.AsSpan(0, s.FftSize - 71).CopyTo(frame.AsSpan(71));
        float[] column = new float[s.MelBins];
        mel.ComputeFrame(frame, column);
        for (int m = 0; m < s.MelBins; m++)
        {
            Assert.Equal(column[m], all[(m * frames) + 1]);
        }
    }

    [Fact]
    public void ComputeFrame_AfterWarmUp_DoesNotAllocate()
    {
        var mel = new MelSpectrogram(FeatureSettings.Default);
        float[] frame = new float[1024];
        float[] column = new float[128];
        Assert.Equal(0, AllocationProbe.MinAllocatedBytes(() => mel.ComputeFrame(frame, column)));
    }

    [Fact]
    public void PowerToDb_TopDbAndReference_FollowLibrosa()
    {
        float[] v = { 1f, 0.1f, 1e-12f, 100f };
        DecibelScale.PowerToDb(v, 1e-10, 10.0, 80.0);

        // 10·log10(S) − 10·log10(10); the 1e-12 entry floors at amin (−110 dB), then top_db lifts it to 10 − 80.
        Assert.Equal(new[] { -10f, -20f, -70f, 10f }, v);
    }
}
