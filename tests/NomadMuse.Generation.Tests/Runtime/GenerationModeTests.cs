using NomadMuse.Generation.Runtime;
using NomadMuse.Generation.Runtime.Modes;
using NomadMuse.Generation.Tokens;
using NomadMuse.State;

namespace NomadMuse.Generation.Tests.Runtime;

public sealed class GenerationModeTests
{
    private const int Steps = 5000;

    [Theory]
    [InlineData("Eb minor")]
    [InlineData("F# major")]
    [InlineData("C major")]
    public void TryStep_StrictKey_NeverEmitsAnOutOfKeyPitch(string keyName)
    {
        MusicalKey key = MusicalKey.Parse(keyName);
        var session = RuntimeTestModels.Small().OpenSession(new GenerationOptions { Mode = GenerationMode.Tonal, Key = key, Seed = 1, Temperature = 1.5f, TopP = 1f });
        int notes = 0;
        for (int i = 0; i < Steps; i++)
        {
            Assert.True(session.TryStep(out PredictedEvent e));
            if (e.Pitch >= 0)
            {
                notes++;
                Assert.True(key.Contains(e.Pitch), $"step {i}: pitch {e.Pitch} is not in {key}");
                Assert.False(e.IsDrum);
            }
        }

        Assert.True(notes > 200, $"only {notes} notes in {Steps} steps");
    }

    [Fact]
    public void TryStep_NoKeyConstraint_DoesEmitOutOfKeyPitches()
    {
        // The control for the strict test: the random model by itself plays chromatic notes.
        var key = new MusicalKey(0, KeyMode.Major);
        var session = RuntimeTestModels.Small().OpenSession(new GenerationOptions { Mode = GenerationMode.Tonal, Key = key, KeyConstraint = KeyConstraint.None, Seed = 1, TopP = 1f });
        int outside = CountOutOfKey(session, key, out int notes);
        Assert.True(outside > notes / 5, $"{outside} of {notes} notes out of key");
    }

    [Fact]
    public void TryStep_SoftKey_AllowsButPenalisesOutOfKeyPitches()
    {
        var key = new MusicalKey(0, KeyMode.Major);
        var none = RuntimeTestModels.Small().OpenSession(new GenerationOptions { Mode = GenerationMode.Tonal, Key = key, KeyConstraint = KeyConstraint.None, Seed = 2, TopP = 1f });
        var soft = RuntimeTestModels.Small().OpenSession(new GenerationOptions { Mode = GenerationMode.Tonal, Key = key, KeyConstraint = KeyConstraint.Soft, SoftKeyPenalty = 2f, Seed = 2, TopP = 1f });
        double freeShare = CountOutOfKey(none, key, out int freeNotes) / (double)freeNotes;
        int softOutside = CountOutOfKey(soft, key, out int softNotes);
        Assert.InRange(softOutside, 1, int.MaxValue);
        Assert.True(softOutside / (double)softNotes < freeShare / 2, $"soft {softOutside}/{softNotes} vs free share {freeShare:P1}");
    }

    [Fact]
    public void TryStep_Percussive_OnlyEmitsGeneralMidiDrumKeys()
    {
        var session = RuntimeTestModels.Small().OpenSession(new GenerationOptions { Mode = GenerationMode.Percussive, Seed = 3, Temperature = 1.5f, TopP = 1f });
        int notes = 0;
        for (int i = 0; i < Steps; i++)
        {
            Assert.True(session.TryStep(out PredictedEvent e));
            Assert.NotEqual(MuseTokenKind.Special, e.Kind);
            Assert.False(e.Kind == MuseTokenKind.Control, $"step {i}: control {e.Token} in drum mode");
            if (e.Pitch >= 0)
            {
                notes++;
                Assert.InRange(e.Pitch, 35, 81);
                Assert.True(e.IsDrum);
            }
        }

        Assert.True(notes > 200, $"only {notes} drum hits");
    }

    [Fact]
    public void TryStep_AnyMode_FollowsTheGrammar()
    {
        var session = RuntimeTestModels.Small().OpenSession(new GenerationOptions { Mode = GenerationMode.Tonal, Seed = 4, TopP = 1f, Temperature = 2f });
        int previous = MuseVocabulary.Start;
        for (int i = 0; i < Steps; i++)
        {
            Assert.True(session.TryStep(out PredictedEvent e));
            MuseTokenKind before = MuseVocabulary.KindOf(previous);
            if (before == MuseTokenKind.NoteOn)
            {
                Assert.Equal(MuseTokenKind.Duration, e.Kind);
            }
            else if (before == MuseTokenKind.Velocity)
            {
                Assert.Equal(MuseTokenKind.NoteOn, e.Kind);
            }
            else
            {
                Assert.NotEqual(MuseTokenKind.Duration, e.Kind);
            }

            Assert.NotEqual(MuseTokenKind.Special, e.Kind);
            previous = e.Token;
        }
    }

    [Fact]
    public void Auto_FollowsTheStateTrackType_AndSwitchesWhenItChanges()
    {
        var state = new UnifiedState();
        state.SetTrackClassification(3, InstrumentClass.KickDrum, TrackType.Percussive, 0.9f);
        var session = RuntimeTestModels.Small().OpenSession(new GenerationOptions { State = state, TrackId = 3, Seed = 5, Key = new MusicalKey(2, KeyMode.Major) });
        Assert.Equal(GenerationMode.Percussive, session.EffectiveMode);
        IReadOnlyList<GeneratedNote> drums = session.ContinueBars(4);
        Assert.NotEmpty(drums);
        Assert.All(drums, n => Assert.True(n.IsDrum && n.Pitch is >= 35 and <= 81));

        state.SetTrackClassification(3, InstrumentClass.PianoKeys, TrackType.Tonal, 0.9f);
        Assert.Equal(GenerationMode.Tonal, session.EffectiveMode);
        IReadOnlyList<GeneratedNote> keys = session.ContinueBars(4);
        Assert.NotEmpty(keys);
        Assert.All(keys, n => Assert.True(!n.IsDrum && new MusicalKey(2, KeyMode.Major).Contains(n.Pitch)));
        Assert.False(session.IsDrumMode);
    }

    [Fact]
    public void Auto_UnknownTrackType_ContinuesInTheKindOfTheMusic()
    {
        var session = RuntimeTestModels.Small().OpenSession(new GenerationOptions { Seed = 6 });
        session.Prime([new BeatNote(0, 0.25, 36, 100, true), new BeatNote(1, 0.25, 38, 100, true)]);
        Assert.Equal(GenerationMode.Percussive, session.EffectiveMode);
        Assert.All(session.NextBar(), n => Assert.True(n.IsDrum));
    }

    private static int CountOutOfKey(GenerationSession session, MusicalKey key, out int notes)
    {
        int outside = 0;
        notes = 0;
        for (int i = 0; i < Steps; i++)
        {
            Assert.True(session.TryStep(out PredictedEvent e));
            if (e.Pitch >= 0)
            {
                notes++;
                outside += key.Contains(e.Pitch) ? 0 : 1;
            }
        }

        return outside;
    }
}
