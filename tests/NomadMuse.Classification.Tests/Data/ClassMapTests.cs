using NomadMuse.Classification.Data;
using NomadMuse.Classification.Training.Data;
using NomadMuse.State;

namespace NomadMuse.Classification.Tests.Data;

public sealed class ClassMapTests
{
    [Theory]
    [InlineData(0, 60, 10)] // Acoustic Grand Piano
    [InlineData(33, 40, 5)] // Electric Bass (finger)
    [InlineData(30, 60, 8)] // Distortion Guitar
    [InlineData(47, 45, 4)] // Timpani
    [InlineData(52, 64, 15)] // Choir Aahs at E4: male register
    [InlineData(52, 65, 16)] // … above E4: female
    [InlineData(85, 60, 17)] // Lead 6 (voice) stays a synth lead
    [InlineData(127, 60, 19)] // Gunshot
    public void ForProgram_MatchesTheCsvMap(int program, int pitch, int expected) =>
        Assert.Equal(expected, GeneralMidiClassMap.ForProgram(program, pitch));

    [Theory]
    [InlineData(35, 1)]
    [InlineData(38, 2)]
    [InlineData(42, 3)]
    [InlineData(49, 3)]
    [InlineData(45, 4)]
    [InlineData(33, 19)]
    [InlineData(26, 0)]
    [InlineData(88, 0)]
    public void ForDrumKey_MatchesTheCsvMap(int key, int expected) => Assert.Equal(expected, GeneralMidiClassMap.ForDrumKey(key));

    [Fact]
    public void InstrumentClasses_SeedTrackTypes()
    {
        int[] percussive = [.. Enumerable.Range(1, 20).Where(InstrumentClasses.IsPercussive)];
        Assert.Equal([1, 2, 3, 4, 19], percussive);
        Assert.Equal(InstrumentClass.VocalsFemale, InstrumentClasses.ToInstrument(16));
        Assert.Equal("Electric Guitar (distorted)", InstrumentClasses.GetName(8));
        Assert.Throws<ArgumentOutOfRangeException>(() => InstrumentClasses.GetName(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => GeneralMidiClassMap.ForProgram(128));
    }

    [Theory]
    [InlineData("Kick Lite 1", 1)]
    [InlineData("c3 - bass drum 1", 1)]
    [InlineData("Pearl Side Stick", 2)]
    [InlineData("Sabian Hat Closed", 3)]
    [InlineData("Paiste Ride", 3)]
    [InlineData("Tom Low", 4)]
    [InlineData("Cowbell", 4)]
    [InlineData("Djembe1 Slap", 4)]
    [InlineData("Zap 1", 0)]
    [InlineData("23", 0)]
    public void HydrogenKit_ClassOf_ReadsInstrumentNames(string name, int expected) => Assert.Equal(expected, HydrogenKit.ClassOf(name));

    [Fact]
    public void MidiNoteFile_OneNote_HasHeaderProgramAndNoteEvents()
    {
        byte[] smf = MidiNoteFile.Create(9, 25, [new ScheduledNote(0, 0.5, 36, 100)]);
        Assert.Equal("MThd"u8.ToArray(), smf[..4]);
        Assert.Equal(new byte[] { 0, 0, 0, 6, 0, 0, 0, 1, 0x01, 0xE0 }, smf[4..14]); // format 0, 1 track, 480 ticks
        Assert.Equal("MTrk"u8.ToArray(), smf[14..18]);
        byte[] track = smf[22..];
        Assert.Equal(new byte[] { 0x00, 0xFF, 0x51, 0x03, 0x07, 0xA1, 0x20, 0x00, 0xC9, 25 }, track[..10]);
        // Note on after the 480-tick lead-in (VLQ 0x83 0x60), note off 480 ticks (0.5 s at 960 ticks/s) later.
        Assert.Equal(new byte[] { 0x83, 0x60, 0x99, 36, 100, 0x83, 0x60, 0x89, 36, 0 }, track[10..20]);
        Assert.Equal(new byte[] { 0xFF, 0x2F, 0x00 }, track[^3..]);
    }
}
