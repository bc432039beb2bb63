using NomadMuse.Generation.Midi;
using static NomadMuse.Generation.Tests.Midi.SmfBuilder;

namespace NomadMuse.Generation.Tests.Midi;

public sealed class MidiFormatErrorTests
{
    private static MidiFormatException ReadFails(byte[] data)
    {
        var e = Assert.Throws<MidiFormatException>(() => MidiFile.Read(data));
        Assert.Contains($"byte offset {e.Offset}:", e.Message);
        return e;
    }

    private static byte[] OneTrack(params byte[][] events) =>
        new SmfBuilder().Header(0, 1, 480).Track(Events(events)).ToArray();

    [Fact]
    public void Read_Empty_ThrowsMissingHeader()
    {
        MidiFormatException e = ReadFails([]);
        Assert.Equal(0, e.Offset);
        Assert.Contains("MThd", e.Message);
    }

    [Fact]
    public void Read_RiffFile_ThrowsMissingHeader()
    {
        Assert.Contains("MThd", ReadFails("RIFF\0\0\0\0WAVE"u8.ToArray()).Message);
    }

    [Fact]
    public void Read_TruncatedTrackChunk_ThrowsAtLengthField()
    {
        byte[] data = new SmfBuilder().Header(0, 1, 480).Raw("MTrk"u8.ToArray()).U32(100).Raw(0x00, 0x90, 60, 100).ToArray();

        MidiFormatException e = ReadFails(data);

        Assert.Equal(18, e.Offset); // 14-byte header, then 'MTrk', then the length
        Assert.Contains("declares 100 bytes", e.Message);
    }

    [Fact]
    public void Read_HeaderDeclaresMoreTracks_Throws()
    {
        byte[] data = new SmfBuilder().Header(1, 3, 480).Track(0x00, 0xFF, 0x2F, 0x00).ToArray();

        MidiFormatException e = ReadFails(data);

        Assert.Equal(26, e.Offset);
        Assert.Contains("3 tracks", e.Message);
    }

    [Fact]
    public void Read_VariableLengthOverFourBytes_Throws()
    {
        MidiFormatException e = ReadFails(OneTrack([0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0x90, 60, 100]));

        Assert.Equal(22, e.Offset);
        Assert.Contains("longer than 4 bytes", e.Message);
    }

    [Fact]
    public void Read_Format2_ThrowsNotSupported()
    {
        MidiFormatException e = ReadFails(new SmfBuilder().Header(2, 1, 480).Track(0x00, 0xFF, 0x2F, 0x00).ToArray());

        Assert.Equal(8, e.Offset);
        Assert.Contains("format 2", e.Message);
    }

    [Fact]
    public void Read_SmpteDivision_ThrowsNotSupported()
    {
        Assert.Contains("SMPTE", ReadFails(new SmfBuilder().Header(0, 1, 0xE728).Track(0x00, 0xFF, 0x2F, 0x00).ToArray()).Message);
    }

    [Fact]
    public void Read_DataByteWithoutRunningStatus_Throws()
    {
        Assert.Equal(23, ReadFails(OneTrack([0x00, 0x3C, 0x64])).Offset);
    }

    [Fact]
    public void Read_EventCutByChunkEnd_Throws()
    {
        MidiFormatException e = ReadFails(OneTrack([0x00, 0x90, 0x3C]));

        Assert.Equal(25, e.Offset);
        Assert.Contains("note-on velocity", e.Message);
    }

    [Fact]
    public void Read_MetaLengthPastChunkEnd_Throws()
    {
        Assert.Contains("remain", ReadFails(OneTrack([0x00, 0xFF, 0x03, 0x10, 0x41])).Message);
    }

    [Fact]
    public void Read_ShortTempoEvent_Throws()
    {
        Assert.Contains("set-tempo", ReadFails(OneTrack([0x00, 0xFF, 0x51, 0x02, 0x07, 0xA1], [0x00, 0xFF, 0x2F, 0x00])).Message);
    }

    [Fact]
    public void Read_DataByteWithHighBit_Throws()
    {
        Assert.Contains("0x90", ReadFails(OneTrack([0x00, 0x90, 0x3C, 0x90])).Message);
    }

    [Fact]
    public void Read_SystemRealTimeByte_Throws()
    {
        Assert.Contains("0xF8", ReadFails(OneTrack([0x00, 0xF8])).Message);
    }

    [Fact]
    public void Read_LyingHugeChunkLength_ThrowsWithoutAllocating()
    {
        byte[] data = new SmfBuilder().Header(0, 1, 480).Raw("MTrk"u8.ToArray()).U32(0xFFFFFFF0).ToArray();

        Assert.Contains("declares 4294967280 bytes", ReadFails(data).Message);
    }

    [Fact]
    public void Read_LyingHugeSysexLength_Throws()
    {
        Assert.Contains("system-exclusive", ReadFails(OneTrack([0x00, 0xF0, 0xFF, 0xFF, 0xFF, 0x7F, 0x01])).Message);
    }
}
