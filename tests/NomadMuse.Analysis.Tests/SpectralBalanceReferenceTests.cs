using NomadMuse.State;

namespace NomadMuse.Analysis.Tests;

/// <summary>
/// Checks <see cref="SpectralBalance"/> against an independent double-precision re-implementation of the method
/// (naive DFT, explicit Welch frame schedule, one-sided doubling, bin-centre band selection, EMA).
/// </summary>
public sealed class SpectralBalanceReferenceTests
{
    [Theory]
    [InlineData(8_000, 256)]
    [InlineData(44_100, 512)]
    public void Levels_RandomStereo_MatchNaiveDoubleWelchAndEma(int rate, int size)
    {
        var rng = new Random(2024);
        int frames = rate;
        float[] x = new float[frames * 2];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (float)((rng.NextDouble() * 2) - 1) * (i % 2 == 0 ? 0.7f : 0.3f);
        }

        var analyser = new SpectralBalance(rate, 2, new SpectralBalanceOptions { FftSize = size, Smoothing = 0.25 });
        analyser.Push(x.AsSpan(0, 1000 * 2));
        analyser.Push(x.AsSpan(1000 * 2));

        double[] window = new double[size];
        double windowEnergy = 0;
        for (int n = 0; n < size; n++)
        {
            window[n] = 0.5 - (0.5 * Math.Cos(2 * Math.PI * n / size));
            windowEnergy += window[n] * window[n];
        }

        double[] sum = new double[SpectralBands.Count];
        double[] ema = new double[SpectralBands.Count];
        int count = 0;
        for (int start = 0; start + size <= frames; start += size / 2)
        {
            double[] band = new double[SpectralBands.Count];
            for (int k = 0; k <= size / 2; k++)
            {
                double re = 0, im = 0;
                for (int n = 0; n < size; n++)
                {
                    double mid = 0.5 * ((double)x[2 * (start + n)] + x[(2 * (start + n)) + 1]) * window[n];
                    re += mid * Math.Cos(2 * Math.PI * k * n / size);
                    im -= mid * Math.Sin(2 * Math.PI * k * n / size);
                }

                double f = (double)k * rate / size;
                for (int b = 0; b < SpectralBands.Count; b++)
                {
                    if (f >= SpectralBands.LowerEdgeHz((Band)b) && f < SpectralBands.UpperEdgeHz((Band)b))
                    {
                        band[b] += ((k == 0 || k == size / 2) ? 1 : 2) * ((re * re) + (im * im)) / (size * windowEnergy);
                    }
                }
            }

            for (int b = 0; b < SpectralBands.Count; b++)
            {
                sum[b] += band[b];
                ema[b] = count == 0 ? band[b] : (0.75 * ema[b]) + (0.25 * band[b]);
            }

            count++;
        }

        Assert.Equal(count, analyser.FrameCount);
        double total = sum.Sum(), emaTotal = ema.Sum();
        for (int b = 0; b < SpectralBands.Count; b++)
        {
            var band = (Band)b;
            bool present = sum[b] > 0;
            Assert.Equal(present, analyser.LongTermAbsolute.IsPresent(band));
            if (!present)
            {
                continue;
            }

            Assert.Equal(10 * Math.Log10(2 * sum[b] / count), analyser.LongTermAbsolute[band], 0.001);
            Assert.Equal(10 * Math.Log10(sum[b] / total), analyser.LongTermRelative[band], 0.001);
            Assert.Equal(10 * Math.Log10(2 * ema[b]), analyser.Absolute[band], 0.001);
            Assert.Equal(10 * Math.Log10(ema[b] / emaTotal), analyser.Relative[band], 0.001);
        }
    }
}
