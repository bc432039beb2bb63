using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NomadMuse.Core.Training;
using NomadMuse.Generation.Runtime;
using NomadMuse.Generation.Tokens;
using NomadMuse.Personalization;
using NomadMuse.State;

namespace NomadMuse.Hosting.Tests;

public sealed class AddPersonalizationTests : IDisposable
{
    private readonly PersonalizationHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public void Start_CreatesTheLogAndCountsOneSessionPerStart()
    {
        Assert.False(File.Exists(_h.LogPath));
        for (int start = 1; start <= 3; start++)
        {
            using ServiceProvider provider = _h.Build();
            PersonalizationStatus status = provider.GetRequiredService<IMuseCoordinator>().GetPersonalizationStatus();
            Assert.Equal(start, status.SessionCount);
            Assert.Equal(AdapterWeighting.Gamma(start), status.Gamma);
            Assert.False(status.AdapterLoaded); // no adapter file yet
            Assert.True(File.Exists(_h.LogPath), "the session begun at start-up is saved at once");
        }

        using SessionLog log = SessionLog.Open(_h.LogPath, _h.Key);
        Assert.Equal(3, log.SessionCount);
    }

    [Fact]
    public void Start_GammaOverride_IsUsedInsteadOfTheLogs()
    {
        using ServiceProvider provider = _h.Build(o => o.Gamma = 0.15);
        Assert.Equal(0.15, provider.GetRequiredService<IMuseCoordinator>().GetPersonalizationStatus().Gamma);
    }

    [Fact]
    public void Start_WrongKey_ThrowsAndLeavesTheLogAsItWas()
    {
        using (ServiceProvider first = _h.Build())
        {
            first.GetRequiredService<IMuseCoordinator>();
        }

        byte[] before = File.ReadAllBytes(_h.LogPath);
        using var otherKey = SessionLogKey.FromBytes(new byte[SessionLogKey.KeyBytes]);
        using ServiceProvider provider = _h.Build(o => o.Key = otherKey);
        Assert.Throws<SessionLogTamperedException>(() => provider.GetRequiredService<IMuseCoordinator>());
        Assert.Equal(before, File.ReadAllBytes(_h.LogPath)); // not mistaken for a new log and overwritten
    }

    [Fact]
    public void RecordOutcome_WritesTokensOutcomeAndTheTracksConditioning()
    {
        GeneratedNote[] drums =
        [
            new(20, 0.25, 36, 100, true, 0.9f), new(20.5, 0.25, 42, 80, true, 0.8f), new(21, 0.25, 38, 100, true, 0.7f),
        ];
        IReadOnlyList<GeneratedNote> bar;
        using (ServiceProvider provider = _h.Build())
        {
            var muse = provider.GetRequiredService<IMuseCoordinator>();
            var state = provider.GetRequiredService<UnifiedState>();
            state.SetKey(MusicalKey.Parse("A minor"));
            state.SetTrackClassification(2, InstrumentClass.PianoKeys, TrackType.Tonal, 0.9f);
            state.SetTrackClassification(5, InstrumentClass.SnareDrum, TrackType.Percussive, 0.9f);
            muse.RequestNextBar(2);
            bar = muse.RequestNextBar(2); // what a host has in hand: the second bar, on the session's clock
            Assert.NotEmpty(bar);
            Assert.True(bar.Min(n => n.StartBeats) >= 4, "the second bar starts after the first");
            muse.RecordOutcome(2, bar, SequenceOutcome.Accepted);
            muse.RecordOutcome(5, drums, SequenceOutcome.Rejected);
            muse.RecordOutcome(9, drums, SequenceOutcome.Accepted); // not in the state: drum notes → percussive, instrument unknown
            Assert.Equal(3, muse.GetPersonalizationStatus().SequenceCount);
        }

        using SessionLog log = SessionLog.Open(_h.LogPath, _h.Key);
        IReadOnlyList<LoggedSequence> logged = log.Sequences;
        Assert.Equal(3, logged.Count);
        Assert.All(logged, s => Assert.Equal(1, s.Session));
        Assert.Equal((SequenceOutcome.Accepted, (int)InstrumentClass.PianoKeys, 1), (logged[0].Outcome, logged[0].Instrument, logged[0].TrackType));
        Assert.Equal((SequenceOutcome.Rejected, (int)InstrumentClass.SnareDrum, 2), (logged[1].Outcome, logged[1].Instrument, logged[1].TrackType));
        Assert.Equal((SequenceOutcome.Accepted, 0, 2), (logged[2].Outcome, logged[2].Instrument, logged[2].TrackType));

        // The tokens decode to the offered notes, moved back by whole 4/4 bars.
        double shift = Math.Floor(bar.Min(n => n.StartBeats) / 4) * 4;
        AssertDecodesTo(logged[0].Tokens, bar.Select(n => n.ToBeatNote() with { StartBeats = n.StartBeats - shift }));
        AssertDecodesTo(logged[1].Tokens, drums.Select(n => n.ToBeatNote() with { StartBeats = n.StartBeats - 20 }));
    }

    [Fact]
    public void RecordOutcome_BadArguments_NameTheProblemAndLogNothing()
    {
        using ServiceProvider provider = _h.Build();
        var muse = provider.GetRequiredService<IMuseCoordinator>();
        GeneratedNote[] line = TasteLines.Kept(new TrainingRandom(1));
        Assert.Throws<ArgumentException>("notes", () => muse.RecordOutcome(1, [], SequenceOutcome.Accepted));
        Assert.Throws<ArgumentOutOfRangeException>("trackId", () => muse.RecordOutcome(-1, line, SequenceOutcome.Accepted));
        Assert.Throws<ArgumentOutOfRangeException>("outcome", () => muse.RecordOutcome(1, line, (SequenceOutcome)7));
        Assert.Equal(0, muse.GetPersonalizationStatus().SequenceCount);
    }

    [Fact]
    public void Start_AdapterForAnotherGenerator_WarnsAndRunsUnadapted()
    {
        // An adapter trained on another generator of the same shape (other weights) whose bias would push hard.
        var other = new Generation.Model.GeneratorModel(Generation.Model.GeneratorConfig.Student, new TrainingRandom(99));
        var foreign = new PersonalAdapter(other.Config.HiddenSize, 4, new TrainingRandom(1));
        foreign.Bias.Value.AsSpan().Fill(5f);
        Directory.CreateDirectory(Path.GetDirectoryName(_h.AdapterPath)!);
        foreign.Save(_h.AdapterPath, other);

        List<(double, int)> Bars(bool personalization)
        {
            using ServiceProvider provider = _h.Build(o => o.Gamma = 0.2, seed: 21, personalization: personalization, logToList: true);
            var muse = provider.GetRequiredService<IMuseCoordinator>();
            if (personalization)
            {
                Assert.False(muse.GetPersonalizationStatus().AdapterLoaded);
            }

            return [.. Enumerable.Range(0, 3).SelectMany(_ => muse.RequestNextBar(1)).Select(n => (n.StartBeats, n.Pitch))];
        }

        List<(double, int)> personalized = Bars(personalization: true);
        Assert.Contains(ListLogger<PersonalizationModule>.Entries, e =>
            e.Level == LogLevel.Warning && e.Message.Contains(_h.AdapterPath, StringComparison.Ordinal) && e.Message.Contains("another generator", StringComparison.Ordinal));
        Assert.NotEmpty(personalized);
        Assert.Equal(Bars(personalization: false), personalized); // exactly the unadapted generator
        Assert.True(File.Exists(_h.AdapterPath), "the file is left for the next retraining to replace");
    }

    [Fact]
    public void Start_DamagedAdapterFile_WarnsAndRunsUnadapted()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_h.AdapterPath)!);
        File.WriteAllBytes(_h.AdapterPath, [1, 2, 3, 4]);
        using ServiceProvider provider = _h.Build(logToList: true);
        Assert.False(provider.GetRequiredService<IMuseCoordinator>().GetPersonalizationStatus().AdapterLoaded);
        Assert.Contains(ListLogger<PersonalizationModule>.Entries, e =>
            e.Level == LogLevel.Warning && e.Message.Contains(_h.AdapterPath, StringComparison.Ordinal) && e.Message.Contains("cannot be read", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NotAdded_PersonalizationCallsSayWhatToAdd()
    {
        using ServiceProvider provider = _h.Build(personalization: false);
        var muse = provider.GetRequiredService<IMuseCoordinator>();
        var record = Assert.Throws<InvalidOperationException>(() => muse.RecordOutcome(1, TasteLines.Kept(new TrainingRandom(1)), SequenceOutcome.Accepted));
        var status = Assert.Throws<InvalidOperationException>(muse.GetPersonalizationStatus);
        var retrain = await Assert.ThrowsAsync<InvalidOperationException>(() => muse.RetrainAdapterAsync());
        Assert.All(new[] { record, status, retrain }, e => Assert.Contains("AddPersonalization", e.Message, StringComparison.Ordinal));
        Assert.False(File.Exists(_h.LogPath));
    }

    [Fact]
    public void AddPersonalization_WithoutGeneration_SaysToAddGeneration()
    {
        using ServiceProvider provider = new ServiceCollection()
            .AddNomadMuse(b => b.AddPersonalization(o =>
            {
                o.SessionLogPath = _h.LogPath;
                o.Key = _h.Key;
                o.AdapterPath = _h.AdapterPath;
            }))
            .BuildServiceProvider();
        var e = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IMuseCoordinator>());
        Assert.Contains("AddGeneration", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddPersonalization_BadOptions_ListsEveryProblem()
    {
        using ServiceProvider provider = new ServiceCollection()
            .AddNomadMuse(b => b.AddGeneration().AddPersonalization(o =>
            {
                o.Gamma = double.NaN;
                o.Training = new PersonalAdapterTrainingOptions { Epochs = 0 };
            }))
            .BuildServiceProvider();
        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PersonalizationOptions>>().Value);
        Assert.Equal(5, e.Failures.Count());
        foreach (string name in new[] { "SessionLogPath", "Key", "AdapterPath", "Gamma", "Training.Epochs" })
        {
            Assert.Contains(e.Failures, f => f.Contains(name, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void AddPersonalization_AdapterPathIsTheLog_IsRejected()
    {
        using ServiceProvider provider = _h.Build(o => o.AdapterPath = _h.LogPath);
        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IMuseCoordinator>());
        Assert.Contains("same file", Assert.Single(e.Failures), StringComparison.Ordinal);
        Assert.False(File.Exists(_h.LogPath));
    }

    private static void AssertDecodesTo(ushort[] tokens, IEnumerable<BeatNote> expected)
    {
        var tokenizer = new MuseTokenizer();
        int[] ids = Array.ConvertAll(tokens, t => (int)t);
        Assert.Equal(MuseVocabulary.Start, ids[0]);
        IEnumerable<BeatNote> Order(IEnumerable<BeatNote> notes) => notes.OrderBy(n => n.StartBeats).ThenBy(n => n.Pitch);
        Assert.Equal(Order(tokenizer.Quantise([.. expected])), Order(tokenizer.Decode(ids).Notes));
    }
}
