using System.Text.Json;
using NomadMuse.Generation.Midi;
using NomadMuse.Generation.Tokens;
using NomadMuse.Studio.Inspection;

namespace NomadMuse.Generation.Tests.Studio;

public sealed class InspectFormattingTests
{
    private static MidiFile Sample() => new(
        1,
        480,
        [
            new MidiTrack(null, []),
            new MidiTrack("Piano \"1\"", [new MidiNote(0, 480, 60, 100, 0), new MidiNote(480, 480, 64, 90, 0)]),
            new MidiTrack("Drums", [new MidiNote(0, 120, 36, 110, 9)]),
        ],
        [new TempoChange(0, 500_000), new TempoChange(960, 250_000)],
        [new TimeSignature(0, 3, 4)],
        [new KeySignature(0, -3, true)]);

    [Fact]
    public void ToJson_SampleFile_OneObjectWithEveryField()
    {
        MidiFile file = Sample();
        MidiSummary summary = MidiSummary.Create("a.mid", file);

        string json = MidiSummaryFormatter.ToJson(summary);

        using JsonDocument doc = JsonDocument.Parse(json); // throws if there is anything besides one JSON value
        JsonElement root = doc.RootElement;
        Assert.Equal(JsonValueKind.Object, root.ValueKind);
        Assert.Equal(1, root.GetProperty("format").GetInt32());
        Assert.Equal(new MuseTokenizer().CountTokens(file), root.GetProperty("tokenCount").GetInt32());
        Assert.Equal(1.0, root.GetProperty("durationSeconds").GetDouble(), 3); // 960 ticks at 120 BPM
        JsonElement[] tracks = [.. root.GetProperty("tracks").EnumerateArray()];
        Assert.Equal(3, tracks.Length);
        Assert.Equal(JsonValueKind.Null, tracks[0].GetProperty("name").ValueKind);
        Assert.Equal("Piano \"1\"", tracks[1].GetProperty("name").GetString());
        Assert.Equal(2, tracks[1].GetProperty("notes").GetInt32());
        Assert.Equal(10, tracks[2].GetProperty("channel").GetInt32());
        Assert.True(tracks[2].GetProperty("drum").GetBoolean());
        JsonElement[] tempos = [.. root.GetProperty("tempoChanges").EnumerateArray()];
        Assert.Equal(240, tempos[1].GetProperty("bpm").GetDouble());
        Assert.Equal(1.0, tempos[1].GetProperty("seconds").GetDouble());
        Assert.Equal(3, root.GetProperty("timeSignatures")[0].GetProperty("numerator").GetInt32());
        Assert.Equal("C minor", root.GetProperty("keySignatures")[0].GetProperty("name").GetString());
    }

    [Fact]
    public void WriteText_SampleFile_ListsTracksTemposAndSignatures()
    {
        var text = new StringWriter();

        MidiSummaryFormatter.WriteText(MidiSummary.Create("a.mid", Sample()), text);

        string s = text.ToString();
        Assert.Contains("format 1, 480 ticks per quarter note, 1.00 s", s);
        Assert.Contains("Drums", s);
        Assert.Contains("drums", s);
        Assert.Contains("240.00 BPM", s);
        Assert.Contains("3/4 @ 0", s);
        Assert.Contains("C minor @ 0", s);
    }
}
