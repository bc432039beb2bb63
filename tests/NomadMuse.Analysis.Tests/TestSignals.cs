namespace NomadMuse.Analysis.Tests;

/// <summary>Synthesises the EBU test signals from their published generating parameters, streamed in buffers.</summary>
internal static class TestSignals
{
    public const int BufferFrames = 4800;

    /// <summary>A sine with one peak level per channel (dBFS, −∞ for a silent channel) for a duration.</summary>
    public readonly record struct Segment(double Seconds, double[] ChannelDbfs, double FrequencyHz = 1000.0, double PhaseDegrees = 0.0, double FadeInSeconds = 0.0);

    public static Segment Stereo(double dbfs, double seconds) => new(seconds, [dbfs, dbfs]);

    /// <summary>Pushes the segments back to back, one buffer at a time, through <paramref name="sink"/>.</summary>
    public static void Stream(int sampleRate, IReadOnlyList<Segment> segments, Action<float[], int> sink, int bufferFrames = BufferFrames)
    {
        int channels = segments[0].ChannelDbfs.Length;
        float[] buffer = new float[bufferFrames * channels];
        foreach (Segment segment in segments)
        {
            long total = (long)Math.Round(segment.Seconds * sampleRate);
            double[] amplitude = segment.ChannelDbfs.Select(db => double.IsNegativeInfinity(db) ? 0.0 : Math.Pow(10, db / 20)).ToArray();
            double step = 2 * Math.PI * segment.FrequencyHz / sampleRate;
            double phase0 = segment.PhaseDegrees * Math.PI / 180;
            long fade = (long)Math.Round(segment.FadeInSeconds * sampleRate);
            for (long start = 0; start < total; start += bufferFrames)
            {
                int frames = (int)Math.Min(bufferFrames, total - start);
                for (int i = 0; i < frames; i++)
                {
                    long n = start + i;
                    double s = Math.Sin((step * n) + phase0);
                    if (n < fade)
                    {
                        s *= 0.5 - (0.5 * Math.Cos(Math.PI * n / fade));
                    }

                    for (int c = 0; c < channels; c++)
                    {
                        buffer[(i * channels) + c] = (float)(amplitude[c] * s);
                    }
                }

                sink(buffer, frames * channels);
            }
        }
    }

    public static LoudnessReading Measure(int sampleRate, params Segment[] segments)
    {
        var meter = new LoudnessMeter(sampleRate, segments[0].ChannelDbfs.Length);
        Stream(sampleRate, segments, (b, n) => meter.Push(b.AsSpan(0, n)));
        return meter.Read();
    }
}
