using NomadMuse.Generation.Runtime;
using NomadMuse.Generation.Tokens;
using NomadMuse.Generation.Training;

namespace NomadMuse.Generation.Tests.Training;

/// <summary>The token store's cached quality measures and its quality-filtered training sequences.</summary>
public sealed class TokenStoreQualityTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "nm-quality-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    /// <summary>A file of <paramref name="notes"/> half-beat notes at 100 BPM, named so that it hashes to <paramref name="split"/>.</summary>
    private string Write(string stem, int notes, DatasetSplit split)
    {
        string name = Enumerable.Range(0, 10_000).Select(k => $"{stem}{k}.mid").First(n => MidiCorpus.SplitOf(n) == split);
        BeatNote[] list = [.. Enumerable.Range(0, notes).Select(i => new BeatNote(i * 0.5, 0.5, 60 + (i % 7), 90, false))];
        Directory.CreateDirectory(_root);
        GeneratedMidi.ToMidiFile(list, 100).Write(Path.Combine(_root, name));
        return name;
    }

    [Fact]
    public void Measures_SurviveTheCacheRoundTrip_AndAnUnreadableFileHasNone()
    {
        Write("long", 120, DatasetSplit.Train);
        Write("short", 5, DatasetSplit.Train);
        File.WriteAllText(Path.Combine(_root, "broken.mid"), "not midi");
        string cache = Path.Combine(_root, "cache");

        var built = TokenStore.Load(_root, null, cache);
        var cached = TokenStore.Load(_root, null, cache);

        Assert.False(built.LoadedFromCache);
        Assert.True(cached.LoadedFromCache);
        Assert.Equal(built.Quality, cached.Quality);
        int broken = built.Files.ToList().FindIndex(f => f.RelativePath == "broken.mid");
        Assert.Null(cached.Quality[broken]);
        Assert.False(cached.Passes(broken, null));
        var longOne = cached.Quality[built.Files.ToList().FindIndex(f => f.RelativePath.StartsWith("long", StringComparison.Ordinal))]!.Value;
        Assert.Equal(120, longOne.Notes);
        Assert.Equal(120 * 0.5 * 0.6, longOne.Seconds, 3); // 60 beats at 100 BPM
    }

    [Fact]
    public void InSplit_WithAFilter_LeavesOutTheFailingTrainFile()
    {
        // 60 notes in 18 s pass the default (≥ 8 notes, ≥ 1 s) but not the seed (≥ 30 s); 5 notes pass neither.
        string good = Write("long", 60, DatasetSplit.Train);
        string bad = Write("short", 5, DatasetSplit.Train);
        var store = TokenStore.Load(_root, null, null);
        int goodIndex = store.Files.ToList().FindIndex(f => f.RelativePath == good);
        int badIndex = store.Files.ToList().FindIndex(f => f.RelativePath == bad);

        Assert.Equal([goodIndex, badIndex], store.InSplit(DatasetSplit.Train, null).Select(s => s.FileIndex).Order());
        Assert.Equal([goodIndex], store.InSplit(DatasetSplit.Train, MidiQualityFilter.Default).Select(s => s.FileIndex));
        Assert.Empty(store.InSplit(DatasetSplit.Train, MidiQualityFilter.Seed));
        Assert.NotEmpty(store.InSplit(DatasetSplit.Train));
    }

    [Fact]
    public void Census_CountsFirstFailingAndAloneCriteria_WithNotes()
    {
        Write("long", 60, DatasetSplit.Train);
        Write("short", 5, DatasetSplit.Train);
        var census = QualityCensus.Take(TokenStore.Load(_root, null, null), MidiQualityFilter.Seed);

        Assert.Equal(2, census.Total.Files);
        Assert.Equal(65, census.Total.Notes);
        Assert.Equal(0, census.Passed.Files);
        // The 5-note file fails "too few notes" first and is also too short; the 60-note file is only too short.
        Assert.Equal(new QualityTally(1, 5, census.FirstFailing[QualityCriterion.TooFewNotes].Tokens), census.FirstFailing[QualityCriterion.TooFewNotes]);
        Assert.Equal(1, census.FirstFailing[QualityCriterion.TooShort].Files);
        Assert.Equal(60, census.FirstFailing[QualityCriterion.TooShort].Notes);
        Assert.Equal(2, census.Alone[QualityCriterion.TooShort].Files);
        Assert.True(census.FirstFailing[QualityCriterion.TooFewNotes].Tokens > 0);
        Assert.Equal("0 of 2 files pass; removed: no notes 0, too few notes 1, too short 1, too long 0, unusual meter 0, too many at once 0", census.Summary());
    }
}
