using NomadMuse.Generation.Midi;
using NomadMuse.Generation.Runtime;
using NomadMuse.Generation.Runtime.Modes;
using NomadMuse.Generation.Tokens;
using NomadMuse.State;

namespace NomadMuse.Generation.Tests.Runtime;

public sealed class SessionStateTests
{
    [Fact]
    public void CurrentTemperature_FollowsTheStateVelocities()
    {
        var state = new UnifiedState();
        var session = RuntimeTestModels.Small().OpenSession(new GenerationOptions { State = state, Temperature = 0.9f });
        Assert.Equal(0.9f, session.CurrentTemperature);            // no velocities yet
        state.RecordVelocity(70);
        state.RecordVelocity(90);                                  // v̄ = 80, σ = 10, v = 90: factor 1.3
        Assert.Equal(0.9f * 1.3f, session.CurrentTemperature, 1e-5f);
        state.RecordVelocity(80);                                  // v = v̄: factor 1
        Assert.Equal(0.9f, session.CurrentTemperature, 1e-5f);
        var fixedT = RuntimeTestModels.Small().OpenSession(new GenerationOptions { State = state, Temperature = 0.9f, AdaptiveTemperature = false });
        state.RecordVelocity(127);
        Assert.Equal(0.9f, fixedT.CurrentTemperature);
    }

    [Fact]
    public void Prime_SelectedTracks_UsesOnlyThoseTracks()
    {
        // Track 1: pitched notes; track 2: drums on channel 10. Priming with track 2 alone puts the stream in drum mode.
        MidiFile file = GeneratedMidi.ToMidiFile([new BeatNote(0, 1, 60, 90, false), new BeatNote(3, 1, 36, 100, true)]);
        Assert.Equal(3, file.Tracks.Count);
        var session = RuntimeTestModels.Small().OpenSession(new GenerationOptions { Seed = 1 });
        session.Prime(file, [2]);
        Assert.True(session.IsDrumMode);
        Assert.Equal(3, session.Beat);
        session.Prime(file, [1]);
        Assert.False(session.IsDrumMode);
        Assert.Equal(0, session.Beat);
        session.Prime(file, [1, 2]);
        Assert.Equal(3, session.Beat);
        Assert.Throws<ArgumentOutOfRangeException>(() => session.Prime(file, [3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => session.Prime(file, trackIndex: 5));
    }

    [Fact]
    public void PrimeTokens_LongerThanTheCap_KeepsTheClockOfTheWholeMusic()
    {
        BeatNote[] music = [.. Enumerable.Range(0, 3000).Select(i => new BeatNote(i * 0.25, 0.25, 60 + (i % 12), 90, false))];
        var session = RuntimeTestModels.Small().OpenSession(new GenerationOptions { MaxPrimeTokens = 256, Mode = GenerationMode.Tonal });
        session.Prime(music);
        Assert.Equal(2999 * 0.25, session.Beat);
        Assert.InRange(session.Position, 200, 300); // only the tail went through the model
    }

    [Fact]
    public void Observe_PlayedTokens_AdvanceTheClock_AndRejectsBadIds()
    {
        var session = RuntimeTestModels.Small().OpenSession();
        session.Observe(MuseVocabulary.NoteOn(60));
        session.Observe(MuseVocabulary.Duration(3));
        session.Observe(MuseVocabulary.TimeShift(32));
        Assert.Equal(2, session.Beat);
        Assert.Throws<ArgumentOutOfRangeException>(() => session.Observe(258));
        Assert.Throws<ArgumentOutOfRangeException>(() => session.PrimeTokens([1, -1]));
    }

    [Fact]
    public void Options_OutOfRange_ThrowArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new GenerationOptions { Temperature = 0f });
        Assert.Throws<ArgumentOutOfRangeException>(() => new GenerationOptions { TopP = 0f });
        Assert.Throws<ArgumentOutOfRangeException>(() => new GenerationOptions { TopK = 259 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new GenerationOptions { GhostNoteThreshold = 1.5f });
        Assert.Throws<ArgumentOutOfRangeException>(() => new GenerationOptions { Mode = (GenerationMode)9 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new GenerationOptions { Instrument = (InstrumentClass)21 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new GenerationOptions { TrackId = -1 });
    }
}
