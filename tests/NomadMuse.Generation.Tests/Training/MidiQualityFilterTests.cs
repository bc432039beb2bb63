using NomadMuse.Generation.Midi;
using NomadMuse.Generation.Training;

namespace NomadMuse.Generation.Tests.Training;

/// <summary>
/// Each criterion of the quality filter just inside and just over its threshold, on hand-built files whose measured
/// values are known exactly.
/// </summary>
public sealed class MidiQualityFilterTests
{
    private const int Tpq = 480;

    // 120 BPM for the first 10 beats (5 s), then 60 BPM: one beat per second. A reader that ignored the change
    // (120 BPM throughout) would see every file below as about half as long.
    private static readonly TempoChange[] SlowingDown = [new(0, 500_000), new(10 * Tpq, 1_000_000)];

    /// <summary>Tick at which <paramref name="seconds"/> (≥ 5) fall under <see cref="SlowingDown"/>.</summary>
    private static long TickAt(double seconds) => (10 * Tpq) + (long)Math.Round((seconds - 5) * Tpq);

    /// <summary>
    /// One track of <paramref name="notes"/> short notes one after another, the last ending at <paramref name="seconds"/>.
    /// </summary>
    private static MidiFile Song(int notes = 60, double seconds = 60, int? numerator = 4)
    {
        long end = TickAt(seconds);
        long step = end / notes;
        var list = Enumerable.Range(0, notes).Select(i => new MidiNote(i * step, Math.Min(step, 60), 60 + (i % 12), 80, 0)).ToList();
        list[^1] = new MidiNote(end - 60, 60, 72, 80, 0);
        TimeSignature[] meter = numerator is { } n ? [new TimeSignature(0, n, 4)] : [];
        return new MidiFile(1, Tpq, [new MidiTrack("conductor", []), new MidiTrack("piano", list)], SlowingDown, meter);
    }

    [Fact]
    public void Seconds_AreMeasuredThroughTheTempoChange()
    {
        var m = MidiQualityMeasures.Of(Song(seconds: 29.5));
        Assert.Equal(29.5, m.Seconds, 6);
        Assert.Equal(60, m.Notes);
        Assert.Equal(4, m.FirstNumerator);
        Assert.Equal(1, m.MaxConcurrentNotes);
    }

    [Fact]
    public void TooShort_JustUnder30Seconds_FailsNamingTheLength_JustOverPasses()
    {
        var verdict = MidiQualityFilter.Seed.Judge(Song(seconds: 29.5));
        Assert.Equal(QualityCriterion.TooShort, verdict.Criterion);
        Assert.False(verdict.Passed);
        Assert.Equal("29.5 s < 30 s", verdict.Reason);
        Assert.True(MidiQualityFilter.Seed.Judge(Song(seconds: 30.5)).Passed);
    }

    [Fact]
    public void TooLong_JustOver600Seconds_FailsNamingTheLength_JustUnderPasses()
    {
        var verdict = MidiQualityFilter.Seed.Judge(Song(seconds: 1204));
        Assert.Equal(QualityCriterion.TooLong, verdict.Criterion);
        Assert.Equal("1,204.0 s > 600 s", verdict.Reason);
        Assert.Equal(QualityCriterion.TooLong, MidiQualityFilter.Seed.Judge(Song(seconds: 600.5)).Criterion);
        Assert.True(MidiQualityFilter.Seed.Judge(Song(seconds: 599.5)).Passed);
        // The project's default allows long real performances up to 1,200 s.
        Assert.True(MidiQualityFilter.Default.Judge(Song(seconds: 1199)).Passed);
        Assert.Equal(QualityCriterion.TooLong, MidiQualityFilter.Default.Judge(Song(seconds: 1204)).Criterion);
    }

    [Fact]
    public void TooFewNotes_49Fails_50Passes()
    {
        var verdict = MidiQualityFilter.Seed.Judge(Song(notes: 49));
        Assert.Equal(QualityCriterion.TooFewNotes, verdict.Criterion);
        Assert.Equal("49 notes < 50", verdict.Reason);
        Assert.True(MidiQualityFilter.Seed.Judge(Song(notes: 50)).Passed);
        Assert.Equal(QualityCriterion.TooFewNotes, MidiQualityFilter.Default.Judge(Song(notes: 7)).Criterion);
        Assert.True(MidiQualityFilter.Default.Judge(Song(notes: 8)).Passed);
    }

    [Fact]
    public void NoNotesAtAll_IsNoInstruments_BeforeTooFewNotes()
    {
        var empty = new MidiFile(1, Tpq, [new MidiTrack("conductor", [], endTick: 100_000)], SlowingDown);
        var verdict = MidiQualityFilter.Seed.Judge(empty);
        Assert.Equal(QualityCriterion.NoInstruments, verdict.Criterion);
        Assert.Equal("no notes on any track", verdict.Reason);
    }

    [Theory]
    [InlineData(5, false)]
    [InlineData(7, false)]
    [InlineData(6, true)]
    [InlineData(12, true)]
    [InlineData(2, true)]
    public void FirstNumerator_OutsideTheSeedsList_FailsAsUnusualMeter(int numerator, bool passes)
    {
        var verdict = MidiQualityFilter.Seed.Judge(Song(numerator: numerator));
        Assert.Equal(passes, verdict.Passed);
        if (!passes)
        {
            Assert.Equal(QualityCriterion.UnusualMeter, verdict.Criterion);
            Assert.Equal($"first time-signature numerator {numerator} not in {{2, 3, 4, 6, 12}}", verdict.Reason);
        }
    }

    [Fact]
    public void NumeratorOne_FailsTheSeed_ButIsUnspecifiedForTheDefault_AsIsNoTimeSignature()
    {
        Assert.Equal(QualityCriterion.UnusualMeter, MidiQualityFilter.Seed.Judge(Song(numerator: 1)).Criterion);
        Assert.True(MidiQualityFilter.Default.Judge(Song(numerator: 1)).Passed);
        Assert.Equal(QualityCriterion.UnusualMeter, MidiQualityFilter.Default.Judge(Song(numerator: 5)).Criterion);
        Assert.True(MidiQualityFilter.Seed.Judge(Song(numerator: null)).Passed);
        // Only the earliest time signature counts.
        var later5 = new MidiFile(1, Tpq, Song().Tracks, SlowingDown, [new TimeSignature(960, 5, 4), new TimeSignature(0, 3, 4)]);
        Assert.Equal(3, MidiQualityMeasures.Of(later5).FirstNumerator);
    }

    /// <summary>
    /// A long melody on channel 1 plus a chord of <paramref name="chord"/> notes at beat 4, split across two tracks
    /// (half on channel 2, half on channel 3); a note that starts as another ends does not overlap it.
    /// </summary>
    private static MidiFile Chord(int chord)
    {
        var melody = Song();
        var left = Enumerable.Range(0, chord / 2).Select(i => new MidiNote(4 * Tpq, Tpq, 40 + i, 80, 1));
        // Back-to-back with the chord: starts on the tick the chord ends, so it never adds to it.
        var right = Enumerable.Range(chord / 2, chord - (chord / 2)).Select(i => new MidiNote(4 * Tpq, Tpq, 40 + i, 80, 2))
            .Append(new MidiNote(5 * Tpq, Tpq, 100, 80, 2));
        return new MidiFile(1, Tpq, [.. melody.Tracks, new MidiTrack("left", left), new MidiTrack("right", right)], SlowingDown, [new TimeSignature(0, 4, 4)]);
    }

    [Fact]
    public void Concurrency_CountsNotesOfEveryTrack_21Fails_20Passes()
    {
        // The melody note sounding at beat 4 adds one: a 20-note chord makes 21 at once, 19 makes 20.
        Assert.Equal(21, MidiQualityMeasures.Of(Chord(20)).MaxConcurrentNotes);
        var verdict = MidiQualityFilter.Seed.Judge(Chord(20));
        Assert.Equal(QualityCriterion.TooManyConcurrentNotes, verdict.Criterion);
        Assert.Equal("21 notes at once > 20", verdict.Reason);
        Assert.Equal(20, MidiQualityMeasures.Of(Chord(19)).MaxConcurrentNotes);
        Assert.True(MidiQualityFilter.Seed.Judge(Chord(19)).Passed);
    }

    [Fact]
    public void Verdict_NamesTheFirstFailingCriterion_AndFailsCountsEachAlone()
    {
        // 10 notes in 12 s with a 5/4 meter: too few notes, too short and unusual at once.
        var m = MidiQualityMeasures.Of(Song(notes: 10, seconds: 12, numerator: 5));
        Assert.Equal(QualityCriterion.TooFewNotes, MidiQualityFilter.Seed.Judge(m).Criterion);
        Assert.True(MidiQualityFilter.Seed.Fails(QualityCriterion.TooShort, m));
        Assert.True(MidiQualityFilter.Seed.Fails(QualityCriterion.UnusualMeter, m));
        Assert.False(MidiQualityFilter.Seed.Fails(QualityCriterion.TooLong, m));
        Assert.False(MidiQualityFilter.Seed.Fails(QualityCriterion.None, m));
    }

    [Theory]
    [InlineData("default", true, true)]
    [InlineData("SEED", true, true)]
    [InlineData("off", true, false)]
    [InlineData("strict", false, false)]
    public void TryFromName_KnowsDefaultSeedAndOff(string name, bool known, bool hasFilter)
    {
        Assert.Equal(known, MidiQualityFilter.TryFromName(name, out var filter));
        Assert.Equal(hasFilter, filter is not null);
        if (name == "default")
        {
            Assert.Same(MidiQualityFilter.Default, filter);
        }
    }
}
