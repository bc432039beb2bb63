using NomadMuse.Generation.Midi;
using static NomadMuse.Generation.Tests.Midi.SmfBuilder;

namespace NomadMuse.Generation.Tests.Midi;

public sealed class MidiFileReadTests
{
    private static byte[] HandBuiltFormat0() =>
        new SmfBuilder()
            .Header(format: 0, tracks: 1, division: 96)
            .Chunk("XFIH", [1, 2, 3, 0xFF, 0x2F]) // unknown chunk: skipped whole
            .Track(Events(
                [0x00, 0xFF, 0x03, 0x04, (byte)'L', (byte)'e', (byte)'a', (byte)'d'],
                [0x00, 0xFF, 0x51, 0x03, 0x07, 0xA1, 0x20],           // 500,000 µs = 120 BPM
                [0x00, 0xFF, 0x58, 0x04, 0x03, 0x02, 0x18, 0x08],     // 3/4
                [0x00, 0xFF, 0x59, 0x02, 0xFD, 0x01],                 // 3 flats, minor = C minor
                [0x00, 0xC0, 0x05],                                   // program 5
                [0x00, 0x90, 0x3C, 0x64],                             // C4 on, velocity 100
                [0x00, 0x40, 0x50],                                   // running status: E4 on, velocity 80
                [0x60, 0x3C, 0x00],                                   // +96: C4 velocity 0 = note-off
                [0x00, 0xF0, 0x03, 0x01, 0x02, 0xF7],                 // sysex: skipped
                [0x00, 0x80, 0x40, 0x40],                             // E4 off
                [0x81, 0x00, 0xB0, 0x40, 0x7F],                       // +128: sustain on
                [0x00, 0xE0, 0x00, 0x40],                             // bend centre
                [0x00, 0xE0, 0x7F, 0x7F],                             // bend full up
                [0x00, 0x99, 0x24, 0x70],                             // kick on channel 10, never released
                [0x20, 0xFF, 0x2F, 0x00]))                            // +32: end of track at 256
            .ToArray();

    [Fact]
    public void Read_HandBuiltFormat0_ParsesEveryEventKind()
    {
        MidiFile file = MidiFile.Read(HandBuiltFormat0());

        Assert.Equal(0, file.Format);
        Assert.Equal(96, file.TicksPerQuarterNote);
        MidiTrack track = Assert.Single(file.Tracks);
        Assert.Equal("Lead", track.Name);
        Assert.Equal(
            [new MidiNote(0, 96, 60, 100, 0), new MidiNote(0, 96, 64, 80, 0), new MidiNote(224, 32, 36, 112, 9)],
            track.Notes);
        Assert.Equal([new MidiControlChange(224, 0, 64, 127)], track.Controls);
        Assert.Equal([new MidiProgramChange(0, 0, 5)], track.Programs);
        Assert.Equal([new MidiPitchBend(224, 0, 0), new MidiPitchBend(224, 0, 8191)], track.PitchBends);
        Assert.Equal(256, track.EndTick);
        Assert.Equal([0, 9], track.Channels);
        Assert.False(track.IsPercussion);
        Assert.Equal([new TempoChange(0, 500_000)], file.TempoMap.Changes);
        Assert.Equal([new TimeSignature(0, 3, 4, 24, 8)], file.TimeSignatures);
        KeySignature key = Assert.Single(file.KeySignatures);
        Assert.Equal(-3, key.SharpsOrFlats);
        Assert.True(key.IsMinor);
        Assert.Equal("C minor", key.Name);
        Assert.Equal(0, key.TonicPitchClass);
        Assert.Equal(256 / 96.0 * 0.5, file.DurationSeconds, 12);
    }

    [Fact]
    public void Read_OverlappingSamePitch_PairsFirstInFirstOut()
    {
        byte[] data = new SmfBuilder().Header(1, 1, 480).Track(Events(
            [0x00, 0x90, 60, 10],
            [0x0A, 0x90, 60, 20],
            [0x0A, 0x80, 60, 0],
            [0x0A, 0x90, 60, 0],
            [0x00, 0xFF, 0x2F, 0x00])).ToArray();

        MidiTrack track = Assert.Single(MidiFile.Read(data).Tracks);

        Assert.Equal([new MidiNote(0, 20, 60, 10, 0), new MidiNote(10, 20, 60, 20, 0)], track.Notes);
    }

    [Fact]
    public void Read_PercussionChannelOnly_TrackIsPercussion()
    {
        byte[] data = new SmfBuilder().Header(0, 1, 480).Track(Events(
            [0x00, 0x99, 36, 100],
            [0x78, 0x89, 36, 64],
            [0x00, 0xFF, 0x2F, 0x00])).ToArray();

        MidiTrack track = Assert.Single(MidiFile.Read(data).Tracks);

        Assert.True(track.IsPercussion);
        Assert.Equal(9, track.Channel);
        Assert.True(track.Notes[0].IsPercussion);
    }

    [Fact]
    public void Read_NoteStillOpenWithoutEndOfTrack_ClosedAtLastEvent()
    {
        byte[] data = new SmfBuilder().Header(0, 1, 480).Track(Events(
            [0x00, 0x90, 60, 100],
            [0x83, 0x60, 0xB0, 1, 5])).ToArray(); // +480 modulation, then the chunk ends (no end-of-track)

        MidiTrack track = Assert.Single(MidiFile.Read(data).Tracks);

        Assert.Equal([new MidiNote(0, 480, 60, 100, 0)], track.Notes);
    }

    // Spec table of variable-length quantities (SMF 1.0, "Variable Length Quantities").
    [Theory]
    [InlineData(0x00000000, new byte[] { 0x00 })]
    [InlineData(0x00000040, new byte[] { 0x40 })]
    [InlineData(0x0000007F, new byte[] { 0x7F })]
    [InlineData(0x00000080, new byte[] { 0x81, 0x00 })]
    [InlineData(0x00002000, new byte[] { 0xC0, 0x00 })]
    [InlineData(0x00003FFF, new byte[] { 0xFF, 0x7F })]
    [InlineData(0x00004000, new byte[] { 0x81, 0x80, 0x00 })]
    [InlineData(0x00100000, new byte[] { 0xC0, 0x80, 0x00 })]
    [InlineData(0x001FFFFF, new byte[] { 0xFF, 0xFF, 0x7F })]
    [InlineData(0x00200000, new byte[] { 0x81, 0x80, 0x80, 0x00 })]
    [InlineData(0x08000000, new byte[] { 0xC0, 0x80, 0x80, 0x00 })]
    [InlineData(0x0FFFFFFF, new byte[] { 0xFF, 0xFF, 0xFF, 0x7F })]
    public void Read_DeltaTimeVariableLength_MatchesSpecTable(int expected, byte[] encoded)
    {
        byte[] data = new SmfBuilder().Header(0, 1, 480).Track(Events(
            encoded, [0x90, 60, 100], [0x00, 0x80, 60, 0], [0x00, 0xFF, 0x2F, 0x00])).ToArray();

        MidiNote note = Assert.Single(Assert.Single(MidiFile.Read(data).Tracks).Notes);

        Assert.Equal(expected, note.StartTick);
        Assert.Equal(encoded, Vlq(expected)); // the test's own encoder agrees with the table
    }

    [Fact]
    public void Read_TempoChanges_TempoMapConvertsBothWays()
    {
        byte[] data = new SmfBuilder().Header(1, 1, 480).Track(Events(
            [0x83, 0x60, 0xFF, 0x51, 0x03, 0x07, 0xA1, 0x20],  // tick 480: 120 BPM (default before it)
            [0x83, 0x60, 0xFF, 0x51, 0x03, 0x03, 0xD0, 0x90],  // tick 960: 250,000 µs = 240 BPM
            [0x00, 0xFF, 0x2F, 0x00])).ToArray();

        TempoMap map = MidiFile.Read(data).TempoMap;

        Assert.Equal(0.5, map.TicksToSeconds(480), 12);
        Assert.Equal(1.0, map.TicksToSeconds(960), 12);
        Assert.Equal(1.25, map.TicksToSeconds(1440), 12);
        Assert.Equal(1440, map.SecondsToTicks(1.25));
        Assert.Equal(240, map.SecondsToTicks(0.25));
        Assert.Equal(250_000, map.MicrosecondsPerQuarterNoteAt(5000));
        for (long t = 0; t < 3000; t += 7)
        {
            Assert.Equal(t, map.SecondsToTicks(map.TicksToSeconds(t)));
        }
    }

    [Fact]
    public void Read_Stream_ReadsSameAsBytes()
    {
        byte[] data = HandBuiltFormat0();
        using var stream = new MemoryStream(data, writable: false);

        MidiFile file = MidiFile.Read(stream);

        Assert.Equal(MidiFile.Read(data).Tracks[0].Notes, file.Tracks[0].Notes);
    }
}
