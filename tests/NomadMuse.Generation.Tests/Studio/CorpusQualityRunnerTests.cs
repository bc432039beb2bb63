using System.Text.Json;
using NomadMuse.Generation.Runtime;
using NomadMuse.Generation.Tokens;
using NomadMuse.Studio.Commands;

namespace NomadMuse.Generation.Tests.Studio;

/// <summary><c>inspect corpus</c> on a tiny folder of two corpora.</summary>
public sealed class CorpusQualityRunnerTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"nm-corpus-quality-{Guid.NewGuid():N}");

    public CorpusQualityRunnerTests()
    {
        // "songs": two 60-note files of 18 s; "fills": three 5-note files of 1.5 s.
        for (int f = 0; f < 2; f++)
        {
            Write(Path.Combine(_root, "songs", $"s{f}.mid"), 60);
        }

        for (int f = 0; f < 3; f++)
        {
            Write(Path.Combine(_root, "fills", $"f{f}.mid"), 5);
        }
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static void Write(string path, int notes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        BeatNote[] list = [.. Enumerable.Range(0, notes).Select(i => new BeatNote(i * 0.5, 0.5, 60 + (i % 5), 90, false))];
        GeneratedMidi.ToMidiFile(list, 100).Write(path);
    }

    private static JsonElement Corpora(string filter, string root)
    {
        var output = new StringWriter();
        Assert.Equal(0, CorpusQualityRunner.Run(new CorpusQualityRunner.Settings(root, filter, "all", Json: true, Cache: null), output, new StringWriter()));
        return JsonDocument.Parse(output.ToString()).RootElement.GetProperty("corpora").Clone();
    }

    [Fact]
    public void Json_CountsEachCorpusByCriterion_UnderTheChosenPreset()
    {
        var seed = Corpora("seed", _root);
        Assert.Equal(["fills", "songs", "all"], seed.EnumerateObject().Select(p => p.Name));
        Assert.Equal(3, seed.GetProperty("fills").GetProperty("criteria").GetProperty("too_few_notes").GetProperty("first").GetProperty("files").GetInt32());
        Assert.Equal(2, seed.GetProperty("songs").GetProperty("criteria").GetProperty("too_short").GetProperty("first").GetProperty("files").GetInt32());
        Assert.Equal(5, seed.GetProperty("all").GetProperty("criteria").GetProperty("too_short").GetProperty("alone").GetProperty("files").GetInt32());
        Assert.Equal(0, seed.GetProperty("all").GetProperty("passed").GetProperty("files").GetInt32());
        // Straight eighths: every track counted, none flagged swung.
        Assert.Equal(5, seed.GetProperty("all").GetProperty("swing").GetProperty("tracks").GetInt32());
        Assert.Equal(0, seed.GetProperty("all").GetProperty("swing").GetProperty("swung_tracks").GetInt32());

        var @default = Corpora("default", _root);
        Assert.Equal(2, @default.GetProperty("songs").GetProperty("passed").GetProperty("files").GetInt32());
        Assert.Equal(3, @default.GetProperty("fills").GetProperty("criteria").GetProperty("too_few_notes").GetProperty("first").GetProperty("files").GetInt32());
        Assert.Equal(120, @default.GetProperty("songs").GetProperty("passed").GetProperty("notes").GetInt64());
    }

    [Theory]
    [InlineData("off", "all", "--quality-filter must be seed or default")]
    [InlineData("seed", "holdout", "--split must be train, valid, test or all")]
    public void BadFilterOrSplit_FailsNamingTheOption(string filter, string split, string message)
    {
        var error = new StringWriter();
        Assert.Equal(2, CorpusQualityRunner.Run(new CorpusQualityRunner.Settings(_root, filter, split, Json: false, Cache: null), new StringWriter(), error));
        Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
    }
}
