using NomadMuse.Generation.Midi;

namespace NomadMuse.Generation.Tests.Midi;

internal static class MidiAssert
{
    /// <summary>Asserts two files carry the same musical content event for event.</summary>
    public static void SameContent(MidiFile expected, MidiFile actual)
    {
        Assert.Equal(expected.Format, actual.Format);
        Assert.Equal(expected.TicksPerQuarterNote, actual.TicksPerQuarterNote);
        Assert.Equal(expected.TempoMap.Changes, actual.TempoMap.Changes);
        Assert.Equal(expected.TimeSignatures, actual.TimeSignatures);
        Assert.Equal(expected.KeySignatures, actual.KeySignatures);
        Assert.Equal(expected.Tracks.Count, actual.Tracks.Count);
        for (int i = 0; i < expected.Tracks.Count; i++)
        {
            MidiTrack e = expected.Tracks[i];
            MidiTrack a = actual.Tracks[i];
            Assert.Equal(e.Name, a.Name);
            Assert.Equal(e.Notes, a.Notes);
            Assert.Equal(e.Controls, a.Controls);
            Assert.Equal(e.Programs, a.Programs);
            Assert.Equal(e.PitchBends, a.PitchBends);
            Assert.Equal(e.Texts, a.Texts);
            Assert.Equal(e.EndTick, a.EndTick);
        }
    }
}
