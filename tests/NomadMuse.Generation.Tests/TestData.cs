namespace NomadMuse.Generation.Tests;

/// <summary>Finds the shared corpora: NOMADMUSE_DATA, or a <c>shared/data</c> folder above the test binaries.</summary>
internal static class TestData
{
    private static readonly Lazy<string?> Data = new(Find);

    public static string? DataFolder => Data.Value;

    public static string? MidiFolder => DataFolder is { } d && Directory.Exists(Path.Combine(d, "midi")) ? Path.Combine(d, "midi") : null;

    public const string MissingMessage = "MIDI corpus not found: set NOMADMUSE_DATA to the shared 'data' folder or place 'shared/data/midi' above the test binaries.";

    /// <summary>The corpus folders (pop909, groove, …) under the MIDI folder.</summary>
    public static IReadOnlyList<string> Corpora() =>
        MidiFolder is { } m ? [.. Directory.GetDirectories(m).Order(StringComparer.Ordinal)] : [];

    public static IReadOnlyList<string> MidiFiles(string folder) =>
        [.. Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".mid", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".midi", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)];

    /// <summary>The first <paramref name="perCorpus"/> files (ordinal order) of each corpus.</summary>
    public static IReadOnlyList<string> Sample(int perCorpus) =>
        [.. Corpora().SelectMany(c => MidiFiles(c).Take(perCorpus))];

    private static string? Find()
    {
        string? env = Environment.GetEnvironmentVariable("NOMADMUSE_DATA");
        if (!string.IsNullOrEmpty(env) && Directory.Exists(env))
        {
            return env;
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

/// <summary>A fact that is skipped, with a clear reason, when the shared MIDI corpus is absent.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class MidiCorpusFactAttribute : FactAttribute
{
    public MidiCorpusFactAttribute()
    {
        if (TestData.MidiFolder is null)
        {
            Skip = TestData.MissingMessage;
        }
    }
}
