using NomadMuse.Generation.Midi;
using static NomadMuse.Generation.Tests.Midi.SmfBuilder;

namespace NomadMuse.Generation.Tests.Midi;

public sealed class MidiFileWriteTests
{
    [Fact]
    public void Write_SmallFile_ProducesExpectedBytes()
    {
        var file = new MidiFile(0, 96, [new MidiTrack("A", [new MidiNote(0, 96, 60, 100, 0), new MidiNote(96, 200, 62, 90, 0)])], [new TempoChange(0, 500_000)]);

        byte[] expected = new SmfBuilder().Header(0, 1, 96).Track(Events(
            [0x00, 0xFF, 0x03, 0x01, (byte)'A'],
            [0x00, 0xFF, 0x51, 0x03, 0x07, 0xA1, 0x20],
            [0x00, 0x90, 60, 100],
            [0x60, 60, 0],           // running status note-off (velocity 0)
            [0x00, 62, 90],
            [0x81, 0x48, 62, 0],     // +200
            [0x00, 0xFF, 0x2F, 0x00])).ToArray();

        Assert.Equal(expected, file.ToArray());
    }

    [Fact]
    public void WriteRead_SyntheticFormat1_RoundTripsExactly()
    {
        var conductor = new MidiTrack("Conductor", [], texts: [new MidiTextEvent(0, 0x06, "Verse ♪"), new MidiTextEvent(960, 0x01, "B")], endTick: 1920);
        var piano = new MidiTrack(
            "Piano",
            [
                new MidiNote(0, 0, 60, 1, 0),       // zero length
                new MidiNote(0, 480, 60, 127, 0),   // same key and start, longer: read FIFO after the zero-length one
                new MidiNote(240, 480, 64, 50, 0),
                new MidiNote(480, 10, 60, 70, 0),   // starts where the earlier C4 ends
                new MidiNote(100_000, 5, 127, 3, 1),
            ],
            controls: [new MidiControlChange(0, 0, 64, 127), new MidiControlChange(480, 0, 64, 0), new MidiControlChange(480, 0, 1, 33)],
            programs: [new MidiProgramChange(0, 0, 0), new MidiProgramChange(0, 1, 40)],
            pitchBends: [new MidiPitchBend(10, 0, -8192), new MidiPitchBend(20, 0, 8191), new MidiPitchBend(30, 0, 0)],
            endTick: 200_000);
        var drums = new MidiTrack("Drums", [new MidiNote(0, 60, 36, 100, 9), new MidiNote(0, 60, 42, 80, 9), new MidiNote(240, 60, 42, 60, 9)]);
        var file = new MidiFile(
            1,
            480,
            [conductor, piano, drums],
            [new TempoChange(0, 600_000), new TempoChange(960, 400_000), new TempoChange(960, 300_000)],
            [new TimeSignature(0, 4, 4), new TimeSignature(1920, 6, 8, 36, 8)],
            [new KeySignature(0, 2, false), new KeySignature(1920, -7, true)]);

        MidiFile back = MidiFile.Read(file.ToArray());

        MidiAssert.SameContent(file, back);
        Assert.True(back.Tracks[2].IsPercussion);
        Assert.Equal(200_000, back.Tracks[1].EndTick);
    }

    [Fact]
    public void WriteToPath_ReplacesExistingFileAndLeavesNoTemporary()
    {
        string dir = Path.Combine(Path.GetTempPath(), "nomadmuse-midi-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string path = Path.Combine(dir, "out.mid");
            File.WriteAllText(path, "old contents");
            var file = new MidiFile(0, 480, [new MidiTrack("x", [new MidiNote(0, 480, 60, 100, 0)])]);

            file.Write(path);

            MidiAssert.SameContent(file, MidiFile.Read(path));
            Assert.Equal(["out.mid"], Directory.GetFiles(dir).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void WriteRead_GapLongerThanLargestDelta_BridgedAndRoundTrips()
    {
        long far = 3L * 0x0FFFFFFF + 5;
        var file = new MidiFile(1, 480, [new MidiTrack(null, [new MidiNote(0, 10, 60, 100, 0), new MidiNote(far, far, 62, 100, 0)])], [new TempoChange(2 * far, 400_000)]);

        MidiFile back = MidiFile.Read(file.ToArray());

        MidiAssert.SameContent(file, back);
    }

    [Fact]
    public void WriteRead_Format1WithoutTracks_StaysEmpty()
    {
        var file = new MidiFile(1, 96, []);

        MidiFile back = MidiFile.Read(file.ToArray());

        MidiAssert.SameContent(file, back);
        Assert.Equal(14, file.ToArray().Length);
    }

    [Fact]
    public void Read_MissingPath_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => MidiFile.Read(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".mid")));
    }

    [Fact]
    public void Constructor_Format0WithTwoTracks_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MidiFile(0, 480, [new MidiTrack(null, []), new MidiTrack(null, [])]));
    }

    [Theory]
    [InlineData(-1, 0, 60, 100, 0)]
    [InlineData(0, -1, 60, 100, 0)]
    [InlineData(0, 0, 128, 100, 0)]
    [InlineData(0, 0, 60, 0, 0)]
    [InlineData(0, 0, 60, 128, 0)]
    [InlineData(0, 0, 60, 100, 16)]
    public void MidiNote_OutOfRange_Throws(long start, long duration, int pitch, int velocity, int channel)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MidiNote(start, duration, pitch, velocity, channel));
    }

    [MidiCorpusFact]
    public void WriteRead_SampleOfEveryCorpus_RoundTripsExactly()
    {
        IReadOnlyList<string> files = TestData.Sample(perCorpus: 25);
        Assert.NotEmpty(files);
        foreach (string path in files)
        {
            MidiFile original = MidiFile.Read(path);
            MidiFile back = MidiFile.Read(original.ToArray());
            MidiAssert.SameContent(original, back);
        }
    }
}
