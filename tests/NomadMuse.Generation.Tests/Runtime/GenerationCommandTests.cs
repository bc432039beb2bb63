using NomadMuse.Core.Training;
using NomadMuse.Generation.Midi;
using NomadMuse.Generation.Model;
using NomadMuse.Generation.Runtime;
using NomadMuse.Generation.Tokens;
using NomadMuse.State;
using NomadMuse.Studio.Commands;

namespace NomadMuse.Generation.Tests.Runtime;

public sealed class GenerationCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"nm-gen-cmd-{Guid.NewGuid():N}");
    private readonly string _model;
    private readonly string _input;

    public GenerationCommandTests()
    {
        Directory.CreateDirectory(_folder);
        _model = Path.Combine(_folder, "random.nmm");
        new GeneratorModel(new GeneratorConfig(12, 16, 0f), new TrainingRandom(31)).Save(_model);
        _input = Path.Combine(_folder, "in.mid");
        BeatNote[] notes = [.. Enumerable.Range(0, 32).Select(i => new BeatNote(i * 0.5, 0.5, new[] { 57, 60, 64, 69, 72, 64, 60, 62 }[i % 8], 90, false))];
        GeneratedMidi.ToMidiFile(notes, 100).Write(_input);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Continue_SameSeed_WritesIdenticalFiles_WithStrictKeyNotes()
    {
        string a = Out("a.mid"), b = Out("b.mid");
        Assert.Equal(0, GenerationRunner.Continue(_input, 2, "tonal", "A minor", false, 1f, 0.95f, Common(a, 5)));
        Assert.Equal(0, GenerationRunner.Continue(_input, 2, "tonal", "A minor", false, 1f, 0.95f, Common(b, 5)));
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
        BeatNote[] notes = MuseTokenizer.ToBeatNotes(MidiFile.Read(a));
        BeatNote[] added = [.. notes.Where(n => n.StartBeats > 15.5)];
        Assert.All(added, n => Assert.True(MusicalKey.Parse("A minor").Contains(n.Pitch)));
        Assert.All(notes, n => Assert.InRange(n.StartBeats, 0, 23.99)); // the input's 4 bars (last bar completed) + 2
        Assert.True(notes.Length >= 32);
    }

    [Fact]
    public void Drums_WithFill_WritesOnlyDrumKeys_EndingOnTheDownbeat()
    {
        string path = Out("drums.mid");
        Assert.Equal(0, GenerationRunner.Drums(2, fill: true, Common(path, 3)));
        BeatNote[] notes = MuseTokenizer.ToBeatNotes(MidiFile.Read(path));
        Assert.NotEmpty(notes);
        Assert.All(notes, n => Assert.True(n.IsDrum && n.Pitch is >= 35 and <= 81));
        Assert.Contains(notes, n => n.StartBeats == 8 && n.Pitch == 49);
    }

    [Fact]
    public void Chords_WritesFourNotesPerBar_InTheKey()
    {
        string path = Out("chords.mid");
        var output = new StringWriter();
        Assert.Equal(0, GenerationRunner.Chords("C minor", 4, new GenerationRunner.Common(path, _model, 2, output, new StringWriter())));
        BeatNote[] notes = MuseTokenizer.ToBeatNotes(MidiFile.Read(path));
        Assert.Equal(16, notes.Length);
        Assert.All(notes, n => Assert.True(MusicalKey.Parse("C minor").Contains(n.Pitch)));
        Assert.Contains("C minor", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Infill_KeepsTheMusicOutsideTheBars()
    {
        string path = Out("infill.mid");
        Assert.Equal(0, GenerationRunner.Infill(_input, 2, 3, Common(path, 4)));
        BeatNote[] notes = MuseTokenizer.ToBeatNotes(MidiFile.Read(path));
        BeatNote[] original = MuseTokenizer.ToBeatNotes(MidiFile.Read(_input));
        Assert.Equal(original.Where(n => n.StartBeats < 4 || n.StartBeats >= 12).Select(n => (n.StartBeats, n.Pitch)).Order(),
            notes.Where(n => n.StartBeats < 4 || n.StartBeats >= 12).Select(n => (n.StartBeats, n.Pitch)).Order());
    }

    [Theory]
    [InlineData("H minor")]
    [InlineData("")]
    public void Chords_BadKey_FailsWithExitCode2AndAMessage(string key)
    {
        var error = new StringWriter();
        Assert.Equal(2, GenerationRunner.Chords(key, 4, new GenerationRunner.Common(Out("x.mid"), _model, 1, new StringWriter(), error)));
        Assert.StartsWith("error:", error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Out("x.mid")));
    }

    [Fact]
    public void Commands_BadInput_FailWithClearErrors()
    {
        var error = new StringWriter();
        var common = new GenerationRunner.Common(Out("x.mid"), _model, 1, new StringWriter(), error);
        Assert.Equal(2, GenerationRunner.Drums(0, false, common));
        Assert.Equal(2, GenerationRunner.Continue(_input, 2, "jazz", null, false, 1f, 0.95f, common));
        Assert.Equal(2, GenerationRunner.Continue(_input, 2, "auto", null, false, 99f, 0.95f, common));
        Assert.Equal(2, GenerationRunner.Infill(_input, 3, 2, common));
        Assert.Equal(1, GenerationRunner.Continue(Out("missing.mid"), 2, "auto", null, false, 1f, 0.95f, common));
        File.WriteAllText(Out("bad.mid"), "not midi");
        Assert.Equal(1, GenerationRunner.Infill(Out("bad.mid"), 1, 2, common));
        Assert.Equal(1, GenerationRunner.Drums(1, false, common with { ModelPath = Out("missing.nmm") }));
        Assert.Equal(1, GenerationRunner.Drums(1, false, common with { ModelPath = _input }));
        string[] lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(8, lines.Length);
        Assert.All(lines, l => Assert.StartsWith("error:", l, StringComparison.Ordinal));
        Assert.False(File.Exists(Out("x.mid")));
    }

    [Fact]
    public void Commands_WithoutModel_UseTheEmbeddedOneOrExplainItsAbsence()
    {
        var error = new StringWriter();
        int code = GenerationRunner.Drums(1, false, new GenerationRunner.Common(Out("d.mid"), null, 1, new StringWriter(), error));
        bool embedded = typeof(MuseGenerator).Assembly.GetManifestResourceNames().Contains(MuseGenerator.DefaultModelResource);
        Assert.Equal(embedded ? 0 : 1, code);
        if (!embedded)
        {
            Assert.Contains("--model", error.ToString(), StringComparison.Ordinal);
        }
    }

    private string Out(string name) => Path.Combine(_folder, name);

    private GenerationRunner.Common Common(string output, long seed) => new(output, _model, seed, new StringWriter(), new StringWriter());
}
