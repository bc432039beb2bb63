using NomadMuse.Classification.Features;

namespace NomadMuse.Classification.Tests.Features;

public sealed class MelFilterBankTests
{
    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(200.0 / 3.0, 1.0)]
    [InlineData(500.0, 7.5)]
    [InlineData(1000.0, 15.0)]
    [InlineData(6400.0, 42.0)] // 15 + ln(6.4) / (ln(6.4)/27) = 15 + 27
    public void HzToMel_Slaney_MatchesDefinition(double hz, double mel)
    {
        Assert.Equal(mel, MelFilterBank.HzToMel(hz, MelScale.Slaney), 12);
        Assert.Equal(hz, MelFilterBank.MelToHz(mel, MelScale.Slaney), 9);
    }

    [Fact]
    public void HzToMel_Htk_MatchesFormula()
    {
        // 2595 · log10(1 + 1000/700) = 999.9855…
        Assert.Equal(999.98553, MelFilterBank.HzToMel(1000, MelScale.Htk), 4);
        Assert.Equal(1000.0, MelFilterBank.MelToHz(MelFilterBank.HzToMel(1000, MelScale.Htk), MelScale.Htk), 9);
    }

    [Fact]
    public void Filters_SlaneyNormalised_HaveUnitAreaInHz()
    {
        var settings = FeatureSettings.LibrosaDefaults;
        var bank = new MelFilterBank(settings);
        double binHz = (double)settings.SampleRate / settings.FftSize;

        // A triangle of base (f[m+2] − f[m]) and peak 2/base has area 1; sampled at the bins the Riemann sum is close
        // once the triangle spans many bins (the upper bands).
        for (int m = 60; m < 127; m++)
        {
            double area = 0;
            for (int k = 0; k < bank.BinCount; k++)
            {
                area += bank.GetWeight(m, k) * binHz;
            }

            Assert.InRange(area, 0.98, 1.02);
        }
    }

    [Fact]
    public void Filters_Unnormalised_PeakAtCentreWithHeightAtMostOne()
    {
        var settings = FeatureSettings.LibrosaDefaults with { Normalization = MelNormalization.None };
        var bank = new MelFilterBank(settings);
        double binHz = (double)settings.SampleRate / settings.FftSize;
        for (int m = 0; m < bank.MelBins; m++)
        {
            int peakBin = 0;
            float peak = 0;
            for (int k = 0; k < bank.BinCount; k++)
            {
                float w = bank.GetWeight(m, k);
                Assert.InRange(w, 0f, 1f);
                if (w > peak)
                {
                    peak = w;
                    peakBin = k;
                }
            }

            if (peak > 0)
            {
                // The largest weight is at a bin next to the triangle's apex f[m+1].
                Assert.InRange(peakBin * binHz, bank.BandEdgesHz[m], bank.BandEdgesHz[m + 2]);
                Assert.True(Math.Abs((peakBin * binHz) - bank.BandEdgesHz[m + 1]) <= binHz, $"filter {m}");
            }
        }

        // Wide upper filters sample their apex almost exactly.
        Assert.InRange(Enumerable.Range(0, bank.BinCount).Max(k => bank.GetWeight(127, k)), 0.95f, 1f);
    }

    [Fact]
    public void Apply_SingleBin_PicksThatColumn()
    {
        var bank = new MelFilterBank(FeatureSettings.Default);
        float[] spectrum = new float[bank.BinCount];
        spectrum[100] = 2f;
        float[] mel = new float[bank.MelBins];
        bank.Apply(spectrum, mel);
        for (int m = 0; m < bank.MelBins; m++)
        {
            Assert.Equal(2f * bank.GetWeight(m, 100), mel[m], 6);
        }
    }
}
