using NomadMuse.Generation.Midi;
using NomadMuse.Generation.Runtime;
using NomadMuse.Generation.Runtime.Modes;
using NomadMuse.Generation.Tokens;
using NomadMuse.State;

namespace NomadMuse.Generation.Tests.Runtime;

public sealed class PhraseTests
{
    private static readonly BeatNote[] Melody =
    [
        new(0, 1, 62, 90, false), new(1, 1, 65, 80, false), new(2, 1, 69, 85, false), new(3, 1, 74, 100, false),
        new(4, 0.5, 72, 70, false), new(4.5, 0.5, 70, 95, false), new(5, 1, 69, 95, false), new(6, 1, 67, 95, false),
        new(6.5, 0.5, 65, 95, false),
    ];

    [Fact]
    public void NextBar_FromAnEmptyStream_FillsExactlyOneBar()
    {
        var session = RuntimeTestModels.Small().OpenSession(new GenerationOptions { Mode = GenerationMode.Tonal, Seed = 1 });
        IReadOnlyList<GeneratedNote> bar = session.NextBar();
        Assert.Equal(4, session.Beat);
        Assert.NotEmpty(bar);
        Assert.All(bar, n => Assert.InRange(n.StartBeats, 0, 3.9375));
        IReadOnlyList<GeneratedNote> second = session.NextBar();
        Assert.Equal(8, session.Beat);
        Assert.All(second, n => Assert.InRange(n.StartBeats, 4, 7.9375));
    }

    [Fact]
    public void ContinueBars_InsideABar_CompletesItThenAddsWholeBars()
    {
        var session = RuntimeTestModels.Small().OpenSession(new GenerationOptions { Mode = GenerationMode.Tonal, Seed = 2 });
        session.Prime(Melody);
        Assert.Equal(6.5, session.Beat); // the last note start
        IReadOnlyList<GeneratedNote> notes = session.ContinueBars(2);
        Assert.Equal(16, session.Beat);    // end of bar 2 (8) + two bars
        Assert.All(notes, n => Assert.InRange(n.StartBeats, 6.5, 15.9375));
    }

    [Fact]
    public void Continue_Beats_EndsExactlyThere_InTheStateTimeSignature()
    {
        var state = new UnifiedState();
        state.SetTimeSignature(new NomadMuse.State.TimeSignature(3, 4));
        var session = RuntimeTestModels.Small().OpenSession(new GenerationOptions { State = state, Mode = GenerationMode.Tonal, Seed = 3 });
        Assert.Equal(3, session.BeatsPerBar);
        session.Continue(2.5);
        Assert.Equal(2.5, session.Beat);
        session.NextBar();
        Assert.Equal(6, session.Beat); // completes bar 1 (3) and adds bar 2
    }

    [Fact]
    public void DrumFill_ResolvesWithKickAndCrashOnTheNextDownbeat()
    {
        var session = RuntimeTestModels.Small().OpenSession(new GenerationOptions { Mode = GenerationMode.Percussive, Seed = 4 });
        session.Continue(2);
        IReadOnlyList<GeneratedNote> fill = session.DrumFill();
        Assert.Equal(4, session.Beat);
        Assert.All(fill, n => Assert.True(n.IsDrum && n.Pitch is >= 35 and <= 81));
        Assert.True(fill.Count >= 2);
        GeneratedNote kick = fill[^2], crash = fill[^1];
        Assert.Equal((4.0, 36, 1f), (kick.StartBeats, kick.Pitch, kick.Confidence));
        Assert.Equal((4.0, 49, 1f), (crash.StartBeats, crash.Pitch, crash.Confidence));
        Assert.All(fill.Take(fill.Count - 2), n => Assert.InRange(n.StartBeats, 2, 3.9375));
    }

    [Fact]
    public void DrumFill_OnTheTonalTrack_StillPlaysDrums_ThenTheModeReturns()
    {
        var session = RuntimeTestModels.Small().OpenSession(new GenerationOptions { Mode = GenerationMode.Tonal, Key = new MusicalKey(0, KeyMode.Major), Seed = 5 });
        Assert.All(session.DrumFill(), n => Assert.True(n.IsDrum));
        Assert.Equal(GenerationMode.Tonal, session.EffectiveMode);
        Assert.All(session.NextBar(), n => Assert.False(n.IsDrum));
    }

    [Theory]
    [InlineData("C minor", 8)]
    [InlineData("A major", 5)]
    public void ChordProgression_VoicesFourInKeyNotesPerBar_TonicFirstAndLast(string keyName, int bars)
    {
        MusicalKey key = MusicalKey.Parse(keyName);
        var session = RuntimeTestModels.Small().OpenSession(new GenerationOptions { Seed = 6 });
        IReadOnlyList<GeneratedNote> notes = session.ChordProgression(key, bars);
        Assert.Equal(4 * bars, notes.Count);
        Assert.Equal(4.0 * bars, session.Beat);
        for (int bar = 0; bar < bars; bar++)
        {
            GeneratedNote[] chord = [.. notes.Skip(4 * bar).Take(4)];
            Assert.All(chord, n => Assert.True(n.StartBeats == 4 * bar && n.DurationBeats == 4 && key.Contains(n.Pitch) && !n.IsDrum));
            Assert.InRange(chord[0].Pitch, 36, 47);                       // bass in octave 2
            Assert.True(chord[1].Pitch > chord[0].Pitch && chord[2].Pitch > chord[1].Pitch && chord[3].Pitch > chord[2].Pitch);
            Assert.InRange(chord[3].Pitch - chord[1].Pitch, 6, 9);         // a close triad spans a (diminished) fifth or a sixth
            int[] classes = [.. chord.Skip(1).Select(n => n.Pitch % 12).Order()];
            Assert.Contains(chord[0].Pitch % 12, classes);                 // root position bass is a chord tone
        }

        Assert.Equal(key.Tonic, notes[0].Pitch % 12);
        Assert.Equal(key.Tonic, notes[^4].Pitch % 12);
    }

    [Fact]
    public void ChordProgression_VoiceLeading_MovesUpperVoicesLittle()
    {
        var session = RuntimeTestModels.Small().OpenSession(new GenerationOptions { Seed = 7 });
        IReadOnlyList<GeneratedNote> notes = session.ChordProgression(new MusicalKey(0, KeyMode.Major), 16);
        for (int bar = 1; bar < 16; bar++)
        {
            int movement = 0;
            for (int v = 1; v < 4; v++)
            {
                movement += Math.Abs(notes[(4 * bar) + v].Pitch - notes[(4 * (bar - 1)) + v].Pitch);
            }

            Assert.True(movement <= 9, $"bar {bar}: upper voices moved {movement} semitones");
        }
    }

    [Fact]
    public void Infill_ReplacesOnlyTheSpan_AndLeavesTheStreamAfterTheMusic()
    {
        BeatNote[] music = [.. Enumerable.Range(0, 32).Select(i => new BeatNote(i * 0.5, 0.5, 60 + ((i * 5) % 12), 90, false))];
        var session = RuntimeTestModels.Small().OpenSession(new GenerationOptions { Mode = GenerationMode.Tonal, Key = new MusicalKey(0, KeyMode.Major), Seed = 8 });
        IReadOnlyList<GeneratedNote> span = session.Infill(music, 4, 8, candidates: 3);
        Assert.All(span, n => Assert.InRange(n.StartBeats, 4, 7.9375));
        Assert.All(span, n => Assert.True(new MusicalKey(0, KeyMode.Major).Contains(n.Pitch)));
        Assert.Equal(15.5, session.Beat); // primed with the whole passage: the last note starts at 15.5
    }

    [Fact]
    public void Infill_SameSeed_SameResult()
    {
        BeatNote[] music = [.. Enumerable.Range(0, 16).Select(i => new BeatNote(i, 1, 48 + ((i * 7) % 24), 80, false))];
        IReadOnlyList<GeneratedNote> a = RuntimeTestModels.Small().OpenSession(new GenerationOptions { Seed = 9 }).Infill(music, 4, 12);
        IReadOnlyList<GeneratedNote> b = RuntimeTestModels.Small().OpenSession(new GenerationOptions { Seed = 9 }).Infill(music, 4, 12);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Infill_BadSpan_Throws()
    {
        var session = RuntimeTestModels.Small().OpenSession();
        Assert.Throws<ArgumentOutOfRangeException>(() => session.Infill(Melody, 4, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => session.Infill(Melody, -1, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => session.Infill(Melody, 0, 4, candidates: 0));
    }

    [Fact]
    public void SuggestNextBar_OffersOnlyConfidentNotes()
    {
        var session = RuntimeTestModels.Small().OpenSession(new GenerationOptions { Mode = GenerationMode.Tonal, GhostNoteThreshold = 0.3f, Temperature = 0.2f, Seed = 10 });
        IReadOnlyList<GeneratedNote> offered = session.SuggestNextBar();
        Assert.All(offered, n => Assert.True(n.Confidence >= 0.3f));
        Assert.Equal(4, session.Beat);
    }

    [Fact]
    public void GeneratedMidi_RoundTripsNotesThroughAFile()
    {
        var session = RuntimeTestModels.Small().OpenSession(new GenerationOptions { Seed = 11 });
        IReadOnlyList<GeneratedNote> chords = session.ChordProgression(new MusicalKey(7, KeyMode.Major), 2);
        var drums = new GeneratedNote(8, 1, 36, 100, true, 1f);
        MidiFile file = GeneratedMidi.ToMidiFile([.. chords, drums], beatsPerMinute: 90);
        MidiFile back = MidiFile.Read(file.ToArray());
        BeatNote[] notes = MuseTokenizer.ToBeatNotes(back);
        Assert.Equal(9, notes.Length);
        Assert.Contains(notes, n => n.IsDrum && n.Pitch == 36 && n.StartBeats == 8);
        Assert.Equal(chords.Select(c => (c.StartBeats, c.Pitch)).Order(), notes.Where(n => !n.IsDrum).Select(n => (n.StartBeats, n.Pitch)).Order());
        Assert.Equal(90, 60_000_000.0 / back.TempoMap.MicrosecondsPerQuarterNoteAt(0), 1e-3);
    }
}
