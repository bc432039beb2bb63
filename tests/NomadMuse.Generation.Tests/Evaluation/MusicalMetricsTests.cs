using NomadMuse.Generation.Evaluation;
using NomadMuse.Generation.Tokens;
using NomadMuse.State;

namespace NomadMuse.Generation.Tests.Evaluation;

public sealed class MusicalMetricsTests
{
    private static readonly MusicalKey CMajor = new(0, KeyMode.Major);

    /// <summary>Pitched notes one per beat from beat <paramref name="start"/>.</summary>
    private static BeatNote[] Pitched(double start, params int[] pitches) =>
        [.. pitches.Select((p, i) => new BeatNote(start + i, 1, p, 80, IsDrum: false))];

    private static BeatNote[] Drums(params int[] keys) =>
        [.. keys.Select((k, i) => new BeatNote(i * 0.5, 0.25, k, 80, IsDrum: true))];

    [Fact]
    public void InKeyShare_CMajorScaleInTwoOctaves_IsOne()
    {
        BeatNote[] scale = Pitched(0, 48, 50, 52, 53, 55, 57, 59, 60, 62, 64, 65, 67, 69, 71, 72);
        Assert.Equal(1.0, MusicalMetrics.InKeyShare(scale, CMajor));
        Assert.Equal(1.0, MusicalMetrics.InKeyShare(scale, new MusicalKey(9, KeyMode.Minor))); // relative minor, same notes
    }

    [Fact]
    public void InKeyShare_ChromaticOctave_IsSevenTwelfthsInAnyKey()
    {
        BeatNote[] chromatic = Pitched(0, [.. Enumerable.Range(60, 12)]);
        for (int tonic = 0; tonic < 12; tonic++)
        {
            Assert.Equal(7.0 / 12, MusicalMetrics.InKeyShare(chromatic, new MusicalKey(tonic, KeyMode.Major)), 12);
            Assert.Equal(7.0 / 12, MusicalMetrics.InKeyShare(chromatic, new MusicalKey(tonic, KeyMode.Minor)), 12);
        }
    }

    [Fact]
    public void InKeyShare_IgnoresDrumHitsAndIsNaNWithoutPitchedNotes()
    {
        // C#4 and D4 in C major (one of two in key) plus two drum hits whose keys (37, 39) are off the scale.
        BeatNote[] notes = [.. Pitched(0, 61, 62), .. Drums(37, 39)];
        Assert.Equal(1, MusicalMetrics.CountInKey(notes, CMajor, out int pitched));
        Assert.Equal(2, pitched);
        Assert.Equal(0.5, MusicalMetrics.InKeyShare(notes, CMajor));
        Assert.True(double.IsNaN(MusicalMetrics.InKeyShare(Drums(36, 38), CMajor)));
    }

    [Fact]
    public void DensityRatio_TwiceAsManyNotesPerBeat_IsTwo()
    {
        BeatNote[] prompt = Pitched(0, 60, 62, 64, 65); // 4 notes in 8 beats: 0.5 per beat
        BeatNote[] continuation = Pitched(8, 60, 62, 64, 65, 67, 69); // 6 notes in 6 beats: 1 per beat
        Assert.Equal(0.5, MusicalMetrics.NotesPerBeat(prompt.Length, 8));
        Assert.Equal(2.0, MusicalMetrics.DensityRatio(continuation, 6, prompt, 8), 12);
        Assert.Equal(0.0, MusicalMetrics.DensityRatio([], 6, prompt, 8));
        Assert.True(double.IsNaN(MusicalMetrics.DensityRatio(continuation, 6, [], 8)));
    }

    [Fact]
    public void DensityRatio_NonPositiveLength_ThrowsNamingTheLength()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => MusicalMetrics.DensityRatio(Pitched(0, 60), 0, Pitched(0, 60), 4));
        Assert.Equal("beats", e.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => MusicalMetrics.NotesPerBeat(3, double.NaN));
    }

    [Fact]
    public void PitchSpanAndShift_KnownIntervals()
    {
        BeatNote[] prompt = Pitched(0, 60, 64, 67, 72); // span 12, mean 65.75
        BeatNote[] continuation = Pitched(4, 67, 71, 74); // span 7, mean 70.666…
        Assert.Equal(12, MusicalMetrics.PitchSpan(prompt));
        Assert.Equal(7.0 / 12, MusicalMetrics.PitchSpanRatio(continuation, prompt), 12);
        Assert.Equal(65.75, MusicalMetrics.MeanPitch(prompt), 12);
        Assert.Equal((212.0 / 3) - 65.75, MusicalMetrics.MeanPitchShift(continuation, prompt), 12);
        Assert.Equal(-1, MusicalMetrics.PitchSpan(Drums(36, 38)));
        Assert.True(double.IsNaN(MusicalMetrics.PitchSpanRatio(continuation, Pitched(0, 60, 60)))); // prompt span 0: no scale
        Assert.True(double.IsNaN(MusicalMetrics.MeanPitchShift([], prompt)));
    }

    [Fact]
    public void DrumKeys_HitsOffTheGeneralMidiMapAndPitchedNotesAreFlagged()
    {
        // 35 and 81 are the map's ends; 34 and 82 are just off it; a pitched note in a drum part is never a drum hit.
        BeatNote[] notes = [.. Drums(35, 36, 81, 34, 82), new BeatNote(4, 1, 40, 80, IsDrum: false)];
        Assert.Equal(3, MusicalMetrics.CountOnDrumKeys(notes));
        Assert.Equal(3.0 / 6, MusicalMetrics.DrumKeyShare(notes), 12);
        Assert.True(MusicalMetrics.IsGeneralMidiDrumKey(35));
        Assert.False(MusicalMetrics.IsGeneralMidiDrumKey(82));
        Assert.True(double.IsNaN(MusicalMetrics.DrumKeyShare([])));
    }

    [Fact]
    public void DrumKeys_AgainstAKit_CountsOnlyTheKitsKeys()
    {
        var kit = new HashSet<int> { 36, 38, 42 };
        BeatNote[] notes = Drums(36, 38, 42, 49, 36, 20);
        Assert.Equal(4, MusicalMetrics.CountOnDrumKeys(notes, kit));
        Assert.Equal(4.0 / 6, MusicalMetrics.DrumKeyShare(notes, kit), 12);
        Assert.Equal(5.0 / 6, MusicalMetrics.DrumKeyShare(notes), 12); // 49 is on the GM map, 20 is not
    }

    [Fact]
    public void NoteMassOnKeys_UniformNotesIsTheKeysShareAndOtherTokensDoNotCount()
    {
        float[] logits = new float[MuseVocabulary.Size];
        logits[MuseVocabulary.TimeShift(4)] = 50; // a time shift the model is sure of: the mass is conditional on a NOTE_ON
        Assert.Equal(47.0 / 128, MusicalMetrics.NoteMassOnKeys(logits), 12);
        Assert.Equal(2.0 / 128, MusicalMetrics.NoteMassOnKeys(logits, new HashSet<int> { 36, 38 }), 12);

        // NOTE_ON 20 ten nats above the rest: its odds against each other key are e^10.
        logits[MuseVocabulary.NoteOn(20)] = 10;
        double off = Math.Exp(10);
        Assert.Equal(47.0 / (127 + off), MusicalMetrics.NoteMassOnKeys(logits), 12);
    }

    [Fact]
    public void NoteMassInKey_UniformIsTheScalesShareOfTheMidiRangeAndFollowsTheLogits()
    {
        float[] logits = new float[MuseVocabulary.Size];
        // MIDI 0–127 holds pitch classes 0–7 eleven times and 8–11 ten times: C major = 5 × 11 + 2 × 10 = 75 pitches.
        Assert.Equal(75.0 / 128, MusicalMetrics.NoteMassInKey(logits, CMajor), 12);

        // Every out-of-key NOTE_ON masked: all of the note mass is in the key.
        for (int pitch = 0; pitch < 128; pitch++)
        {
            logits[MuseVocabulary.NoteOn(pitch)] = CMajor.Contains(pitch) ? 0 : float.NegativeInfinity;
        }

        Assert.Equal(1.0, MusicalMetrics.NoteMassInKey(logits, CMajor), 12);
        // F# major shares only F (11 pitches) and B (10) with C major.
        Assert.Equal(21.0 / 75, MusicalMetrics.NoteMassInKey(logits, new MusicalKey(6, KeyMode.Major)), 12);
    }

    [Fact]
    public void NoteMassOnKeys_WrongLength_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => MusicalMetrics.NoteMassOnKeys(new float[128]));
        Assert.Equal("logits", e.ParamName);
    }

    [Fact]
    public void Median_OddEvenAndNonFinite()
    {
        Assert.Equal(2.0, MusicalMetrics.Median([3, 1, 2]));
        Assert.Equal(2.5, MusicalMetrics.Median([4, 1, 3, 2, double.NaN, double.PositiveInfinity]));
        Assert.True(double.IsNaN(MusicalMetrics.Median([double.NaN])));
    }

    [Fact]
    public void MusicalScore_PoolsSharesAndTakesMedianRatios()
    {
        var score = new MusicalScore();
        BeatNote[] prompt = Pitched(0, 60, 62, 64, 65); // span 5, 1 note per beat over 4 beats
        score.AddTonal(prompt, 4, Pitched(4, 60, 62, 64, 65), 4, CMajor); // 4/4 in key, density 1, span 1, shift 0
        score.AddTonal(prompt, 4, Pitched(4, [.. Enumerable.Range(60, 12)]), 4, CMajor); // 7/12, density 3, span 11/5, shift +2.75
        score.AddTonal(prompt, 4, Pitched(4, 61, 63), 4, CMajor); // 0/2, density 0.5, span 2/5, shift -0.75
        score.AddTonal(prompt, 4, Pitched(4, 61), 4, key: null); // no key: no in-key figure, but the ratios count (span 0, shift -1.75)
        Assert.Equal(4, score.TonalTracks);
        Assert.Equal(19, score.Notes);
        Assert.Equal(11.0 / 18, score.InKeyShare, 12);
        Assert.Equal((1 + 0.5) / 2, score.DensityRatio, 12); // median of 1, 3, 0.5, 0.25
        Assert.Equal((0.4 + 1) / 2, score.PitchSpanRatio, 12); // median of 1, 2.2, 0.4, 0 (one note spans 0)
        double[] shifts = [0, 2.75, -0.75, -1.75];
        Assert.Equal(shifts.Average(), score.MeanPitchShift, 12);
        Assert.Equal(shifts.Average(Math.Abs), score.MeanAbsolutePitchShift, 12);
        Assert.True(double.IsNaN(score.DrumKeyShare));
        Assert.True(double.IsNaN(score.InKeyMass));
        score.AddInKeyMass(0.5);
        score.AddInKeyMass(0.9);
        Assert.Equal(0.7, score.InKeyMass, 12);
    }

    [Fact]
    public void MusicalScore_DrumTracksCountGeneralMidiAndKitKeys()
    {
        var score = new MusicalScore();
        var kit = new HashSet<int> { 36, 38 };
        score.AddDrums(Drums(36, 38), 1, Drums(36, 38, 42, 90), 2, kit);
        score.AddDrumMass(0.9, 0.5);
        score.AddDrumMass(0.7, 0.3);
        Assert.Equal(1, score.DrumTracks);
        Assert.Equal(3.0 / 4, score.DrumKeyShare, 12);
        Assert.Equal(2.0 / 4, score.KitKeyShare, 12);
        Assert.Equal(1.0, score.DrumDensityRatio, 12); // 2 per beat before and after
        Assert.True(double.IsNaN(score.DensityRatio)); // no tonal track
        Assert.Equal(0.8, score.DrumKeyMass, 12);
        Assert.Equal(0.4, score.KitKeyMass, 12);
        Assert.True(double.IsNaN(score.InKeyShare));
    }
}
