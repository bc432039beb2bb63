namespace NomadMuse.Classification.Tests;

/// <summary>Deterministic test signals.</summary>
internal static class TestSignals
{
    public static float[] Sine(double frequency, int sampleRate, int length, float amplitude, double phase = 0) =>
        [.. Enumerable.Range(0, length).Select(i => amplitude * (float)Math.Sin(phase + (2 * Math.PI * frequency * i / sampleRate)))];

    public static float[] Noise(int length, float amplitude, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, length).Select(_ => amplitude * (float)((random.NextDouble() * 2) - 1))];
    }

    /// <summary>Walks up from the test binaries to <c>shared/data</c>, or uses NOMADMUSE_DATA.</summary>
    public static string? FindSharedData()
    {
        string? root = Environment.GetEnvironmentVariable("NOMADMUSE_DATA");
        if (root is not null && Directory.Exists(root))
        {
            return root;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
