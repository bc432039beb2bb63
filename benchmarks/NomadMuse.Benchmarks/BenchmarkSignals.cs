namespace NomadMuse.Benchmarks;

/// <summary>Deterministic test material shared by the audio benchmarks.</summary>
internal static class BenchmarkSignals
{
    /// <summary>Fills interleaved stereo with a 220 Hz tone plus a little independent noise per channel (seed 7).</summary>
    /// <param name="stereo">Interleaved L/R samples.</param>
    /// <param name="sampleRate">Sample rate, Hz.</param>
    public static void ToneWithNoise(float[] stereo, int sampleRate)
    {
        var rng = new Random(7);
        for (int i = 0; i < stereo.Length; i += 2)
        {
            double t = (double)(i / 2) / sampleRate;
            float tone = (float)(0.3 * Math.Sin(2 * Math.PI * 220 * t));
            stereo[i] = tone + (float)(0.1 * (rng.NextDouble() - 0.5));
            stereo[i + 1] = tone + (float)(0.1 * (rng.NextDouble() - 0.5));
        }
    }
}
