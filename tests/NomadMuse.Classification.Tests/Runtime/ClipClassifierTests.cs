using System.Text.Json.Nodes;
using NomadMuse.Classification.Data;
using NomadMuse.Classification.Model;
using NomadMuse.Classification.Runtime;
using NomadMuse.Core.Audio;

namespace NomadMuse.Classification.Tests.Runtime;

public sealed class ClipClassifierTests
{
    private static readonly InstrumentClassifierModel Model = new(21);

    [Fact]
    public void Evaluate_TinyFolder_ReportsTheIssueJsonShape()
    {
        string folder = Path.Combine(Path.GetTempPath(), $"nm-eval-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(folder, "clips"));
        try
        {
            // Three clips at three rates, mono and stereo, 0.5–1 s.
            WavFile.Write(Path.Combine(folder, "clips", "a.wav"), new AudioBuffer(22_050, 1, TestSignals.Sine(440, 22_050, 11_025, 0.3f)), WavEncoding.Pcm16);
            float[] noise = TestSignals.Noise(2 * 44_100, 0.3f, 2);
            WavFile.Write(Path.Combine(folder, "clips", "b.wav"), new AudioBuffer(44_100, 2, noise), WavEncoding.Pcm16);
            WavFile.Write(Path.Combine(folder, "c.wav"), new AudioBuffer(48_000, 1, TestSignals.Sine(80, 48_000, 36_000, 0.5f)), WavEncoding.Float32);
            LabelsFile.Write(Path.Combine(folder, LabelsFile.FileName),
            [
                new("clips/a.wav", 10, "Piano/Keys", false),
                new("clips/b.wav", 3, "Hi-Hat/Cymbals", true),
                new("c.wav", 5, "Electric Bass", false),
            ]);
            ClassificationReport report = new ClipClassifier(new InstrumentClassifier(Model, 44_100)).Evaluate(folder);
            JsonObject json = report.ToJson();
            Assert.Equal(["clips", "accuracy", "trackTypeAccuracy", "drumRecall", "perClass", "confusion"], json.Select(p => p.Key));
            Assert.Equal(3, (int)json["clips"]!);
            Assert.InRange((double)json["accuracy"]!, 0, 1);
            JsonObject perClass = json["perClass"]!.AsObject();
            Assert.Equal(["3", "5", "10"], perClass.Select(p => p.Key));
            Assert.Equal(1, (int)perClass["5"]!["n"]!);
            JsonArray confusion = json["confusion"]!.AsArray();
            Assert.Equal(20, confusion.Count);
            Assert.All(confusion, row => Assert.Equal(20, row!.AsArray().Count));
            Assert.Equal(3, confusion.Sum(row => row!.AsArray().Sum(v => (int)v!)));
            Assert.Equal(1, confusion[2]!.AsArray().Sum(v => (int)v!));
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void Report_KnownDecisions_GivesHandComputedFigures()
    {
        var report = new ClassificationReport();
        report.Add(new ClipLabel("k1", 1, "Kick Drum", true), 1, true); // right
        report.Add(new ClipLabel("k2", 1, "Kick Drum", true), 4, true); // wrong class, still a drum, right type
        report.Add(new ClipLabel("s", 2, "Snare Drum", true), 19, true); // not a drum class: a drum miss
        report.Add(new ClipLabel("p", 10, "Piano/Keys", false), 10, true); // right class, wrong type
        Assert.Equal(4, report.Clips);
        Assert.Equal(0.5, report.Accuracy);
        Assert.Equal(0.75, report.TrackTypeAccuracy);
        Assert.Equal(2 / 3.0, report.DrumRecall, 10);
        Assert.Equal(1, report.Confusion(1, 4));
        JsonObject perClass = report.ToJson()["perClass"]!.AsObject();
        Assert.Equal(0.5, (double)perClass["1"]!["accuracy"]!);
        Assert.Equal(2, (int)perClass["1"]!["n"]!);
    }

    [Fact]
    public void Classify_SilentClip_FallsBackToAllFrames()
    {
        ClipDecision d = new ClipClassifier(new InstrumentClassifier(Model, 44_100)).Classify(new float[22_050], 44_100); // 10 frames of 2,205
        Assert.Equal(10, d.Frames);
        Assert.InRange(d.ClassId, 1, 20);
    }
}
