namespace NomadMuse.Analysis.Tests;

public sealed class TruePeakDetectorTests
{
    [Theory]
    [InlineData(48_000, 2, 1)]
    [InlineData(44_100, 1, 2)]
    [InlineData(192_000, 2, 3)]
    [InlineData(48_000, 3, 4)]
    public void Process_RandomChunks_MatchesADirectPolyphaseConvolution(int rate, int channels, int seed)
    {
        var random = new Random(seed);
        int frames = 3000 + random.Next(500);
        float[] signal = new float[frames * channels];
        for (int i = 0; i < signal.Length; i++)
        {
            // Random ±1 overshoots between samples, so every phase matters to the maximum.
            signal[i] = (float)((random.NextDouble() * 2) - 1) * (1 + (i % channels));
        }

        var detector = new TruePeakDetector(rate, channels);
        // Chunk sizes straddle the internal block (512) and the vector widths (8, 16), including empty chunks.
        for (int at = 0; at < frames;)
        {
            int take = Math.Min(frames - at, random.Next(0, 1100));
            ReadOnlySpan<float> chunk = signal.AsSpan(at * channels, take * channels);
            for (int c = 0; c < channels; c++)
            {
                detector.Process(chunk, c);
            }

            at += take;
        }

        for (int c = 0; c < channels; c++)
        {
            (double truePeak, double samplePeak) = Reference(signal, channels, c, TruePeakFilter.Design(detector.Oversampling));
            Assert.Equal(samplePeak, detector.ChannelSamplePeak[c], 6);
            Assert.Equal(truePeak, detector.ChannelTruePeak[c], 1e-4 * truePeak);
        }
    }

    [Fact]
    public void Reset_ForgetsPeaksAndHistory()
    {
        var detector = new TruePeakDetector(48_000, 1);
        detector.Process([1f, -1f, 1f, -1f], 0);
        detector.Reset();
        detector.Process(new float[100], 0);
        Assert.Equal(0f, detector.ChannelTruePeak[0]);
        Assert.Equal(0f, detector.ChannelSamplePeak[0]);
    }

    [Fact]
    public void Process_AfterWarmup_AllocatesNothing()
    {
        var detector = new TruePeakDetector(48_000, 2);
        float[] buffer = new float[2 * 1500];
        for (int i = 0; i < buffer.Length; i++)
        {
            buffer[i] = MathF.Sin(i * 0.1f);
        }

        long bytes = AllocationProbe.MinAllocatedBytes(() =>
        {
            detector.Process(buffer, 0);
            detector.Process(buffer, 1);
        });
        Assert.Equal(0, bytes);
    }

    private static (double TruePeak, double SamplePeak) Reference(float[] signal, int channels, int channel, double[][] branches)
    {
        int frames = signal.Length / channels;
        double truePeak = 0, samplePeak = 0;
        for (int n = 0; n < frames; n++)
        {
            samplePeak = Math.Max(samplePeak, Math.Abs(signal[(n * channels) + channel]));
            foreach (double[] branch in branches)
            {
                double acc = 0;
                for (int j = 0; j < branch.Length && j <= n; j++)
                {
                    acc += branch[j] * signal[((n - j) * channels) + channel];
                }

                truePeak = Math.Max(truePeak, Math.Abs(acc));
            }
        }

        return (Math.Max(truePeak, samplePeak), samplePeak);
    }
}
