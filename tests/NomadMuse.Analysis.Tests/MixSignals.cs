using NomadMuse.Core.Audio.Flac;
using Xunit.Abstractions;

namespace NomadMuse.Analysis.Tests;

/// <summary>Test material for the mix analysis: seeded noise, RBJ-cookbook biquads and the shared FLAC excerpts.</summary>
internal static class MixSignals
{
    /// <summary>Interleaved stereo pink noise (Kellet's refined filter), identical seedless per call for a given seed, peak about −12 dBFS.</summary>
    public static float[] PinkStereo(int seed, int frames, double correlation = 1.0)
    {
        var random = new Random(seed);
        var left = Pink(random, frames);
        var other = Pink(random, frames);
        float[] stereo = new float[frames * 2];
        double mix = Math.Sqrt(1 - (correlation * correlation));
        for (int i = 0; i < frames; i++)
        {
            stereo[2 * i] = left[i];
            stereo[(2 * i) + 1] = (float)((correlation * left[i]) + (mix * other[i]));
        }

        return stereo;
    }

    public static float[] Pink(Random random, int frames)
    {
        double b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0;
        float[] output = new float[frames];
        for (int i = 0; i < frames; i++)
        {
            double white = (random.NextDouble() * 2) - 1;
            b0 = (0.99886 * b0) + (white * 0.0555179);
            b1 = (0.99332 * b1) + (white * 0.0750759);
            b2 = (0.96900 * b2) + (white * 0.1538520);
            b3 = (0.86650 * b3) + (white * 0.3104856);
            b4 = (0.55000 * b4) + (white * 0.5329522);
            b5 = (-0.7616 * b5) - (white * 0.0168980);
            output[i] = (float)((b0 + b1 + b2 + b3 + b4 + b5 + b6 + (white * 0.5362)) * 0.05);
            b6 = white * 0.115926;
        }

        return output;
    }

    /// <summary>RBJ cookbook peaking EQ, normalised to a0 = 1: (b0, b1, b2, a1, a2).</summary>
    public static double[] Peaking(double fs, double f0, double gainDb, double q)
    {
        double a = Math.Pow(10, gainDb / 40), w = 2 * Math.PI * f0 / fs, alpha = Math.Sin(w) / (2 * q), cos = Math.Cos(w);
        double a0 = 1 + (alpha / a);
        return [(1 + (alpha * a)) / a0, -2 * cos / a0, (1 - (alpha * a)) / a0, -2 * cos / a0, (1 - (alpha / a)) / a0];
    }

    /// <summary>RBJ cookbook high shelf with slope S = 1.</summary>
    public static double[] HighShelf(double fs, double f0, double gainDb)
    {
        double a = Math.Pow(10, gainDb / 40), w = 2 * Math.PI * f0 / fs, cos = Math.Cos(w), alpha = Math.Sin(w) / 2 * Math.Sqrt(2);
        double sq = 2 * Math.Sqrt(a) * alpha;
        double a0 = (a + 1) - ((a - 1) * cos) + sq;
        return [a * ((a + 1) + ((a - 1) * cos) + sq) / a0, -2 * a * ((a - 1) + ((a + 1) * cos)) / a0, a * ((a + 1) + ((a - 1) * cos) - sq) / a0,
            2 * ((a - 1) - ((a + 1) * cos)) / a0, ((a + 1) - ((a - 1) * cos) - sq) / a0];
    }

    /// <summary>Filters each channel of interleaved audio with a biquad (direct form I, double), returning a copy.</summary>
    public static float[] Filter(float[] interleaved, int channels, double[] c)
    {
        float[] output = new float[interleaved.Length];
        for (int ch = 0; ch < channels; ch++)
        {
            double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
            for (int i = ch; i < interleaved.Length; i += channels)
            {
                double x = interleaved[i];
                double y = (c[0] * x) + (c[1] * x1) + (c[2] * x2) - (c[3] * y1) - (c[4] * y2);
                x2 = x1; x1 = x; y2 = y1; y1 = y;
                output[i] = (float)y;
            }
        }

        return output;
    }

    public static float[] FlipRight(float[] stereo)
    {
        float[] output = (float[])stereo.Clone();
        for (int i = 1; i < output.Length; i += 2)
        {
            output[i] = -output[i];
        }

        return output;
    }

    public static MixAnalyzer Analyze(float[] interleaved, int sampleRate, int channels = 2)
    {
        var analyzer = new MixAnalyzer(sampleRate, channels);
        for (int start = 0; start < interleaved.Length; start += 4096 * channels)
        {
            analyzer.Push(interleaved.AsSpan(start, Math.Min(4096 * channels, interleaved.Length - start)));
        }

        return analyzer;
    }

    /// <summary>The shared mixes folder, or null (with a SKIPPED message) when absent.</summary>
    public static string? MixesFolder(ITestOutputHelper output)
    {
        string? root = Environment.GetEnvironmentVariable("NOMADMUSE_DATA");
        if (root is null)
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "shared", "data");
                if (Directory.Exists(candidate))
                {
                    root = candidate;
                    break;
                }
            }
        }

        string? folder = root is null ? null : Path.Combine(root, "mixes");
        if (folder is null || !Directory.Exists(folder))
        {
            output.WriteLine("SKIPPED: shared data folder 'data/mixes' not found (set NOMADMUSE_DATA to the data folder).");
            return null;
        }

        return folder;
    }

    /// <summary>The first <paramref name="seconds"/> of a FLAC file, interleaved.</summary>
    public static float[] ReadFlac(string path, double seconds, out int sampleRate)
    {
        using FlacReader reader = FlacReader.Open(path);
        sampleRate = reader.SampleRate;
        int frames = (int)(seconds * sampleRate);
        float[] buffer = new float[frames * reader.Channels];
        int read = 0;
        while (read < frames)
        {
            int n = reader.ReadFrames(buffer.AsSpan(read * reader.Channels));
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return buffer.AsSpan(0, read * reader.Channels).ToArray();
    }
}
