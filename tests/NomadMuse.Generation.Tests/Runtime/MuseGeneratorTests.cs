using NomadMuse.Core.Models;
using NomadMuse.Core.Training;
using NomadMuse.Generation.Model;
using NomadMuse.Generation.Runtime;
using NomadMuse.State;
using NomadMuse.Generation.Tokens;
using NomadMuse.Generation.Runtime.Modes;
using NomadMuse.Generation.Training;
using NomadMuse.Generation.Midi;

namespace NomadMuse.Generation.Tests.Runtime;

public sealed class MuseGeneratorTests
{
    [Fact]
    public void LoadDefault_EmbeddedModel_IsTheInt8FusionModel()
    {
        var generator = MuseGenerator.LoadDefault();
        Assert.True(generator.Model.IsQuantized, "the shipped default model is the INT8 form");
        Assert.Equal(GeneratorConfig.Fusion.ParameterCount, generator.Model.ParameterCount);
        using Stream resource = typeof(MuseGenerator).Assembly.GetManifestResourceStream(MuseGenerator.DefaultModelResource)!;
        Assert.InRange(resource.Length, 1, 2_000_000); // the issue's < 2 MB budget
    }

    [MidiCorpusFact]
    public void LoadDefault_EmbeddedModel_PredictsRealTestSplitMusicFarBetterThanChance()
    {
        // Test-split files only (never trained on); a uniform guess has perplexity 258.
        var files = MidiCorpus.Scan(TestData.MidiFolder!).Where(f => f.Split == DatasetSplit.Test).Take(6).ToList();
        var tracks = files.SelectMany((f, i) => TrackTokenizer.Tokenize(MidiFile.Read(f.FullPath), new MuseTokenizer(), i)).ToList();
        Assert.NotEmpty(tracks);
        var scores = GenerationEvaluator.Score(MuseGenerator.LoadDefault().Model, tracks, maxTokensPerSequence: 300);
        Assert.True(scores.All.Perplexity < 15, $"perplexity {scores.All.Perplexity:F2} on {scores.All.Count} test tokens");
        Assert.True(scores.All.Top5 > 0.5, $"top-5 {scores.All.Top5:P1}");
    }

    [MidiCorpusFact]
    public void LoadDefault_StrictKeyContinuationOfPop909_StaysInKeyAndInRange()
    {
        string file = Path.Combine(TestData.MidiFolder!, "pop909", "001.mid");
        var session = MuseGenerator.LoadDefault().OpenSession(new GenerationOptions { Seed = 7, Mode = GenerationMode.Tonal, Key = MusicalKey.Parse("C major") });
        session.Prime(MidiFile.Read(file));
        var notes = session.ContinueBars(4);
        Assert.NotEmpty(notes);
        int[] cMajor = [0, 2, 4, 5, 7, 9, 11];
        Assert.All(notes, n => Assert.Contains(n.Pitch % 12, cMajor));
        Assert.All(notes, n => Assert.InRange(n.Pitch, 21, 108)); // a trained model stays in a playable range
    }

    [Fact]
    public void Load_FileAndStream_GiveTheSameGenerationAsTheModelInMemory()
    {
        var model = new GeneratorModel(new GeneratorConfig(12, 20, 0f), new TrainingRandom(21));
        string path = Path.Combine(Path.GetTempPath(), $"nm-runtime-{Guid.NewGuid():N}.nmm");
        try
        {
            model.Save(path);
            IReadOnlyList<GeneratedNote> expected = Bars(MuseGenerator.FromModel(model));
            Assert.Equal(expected, Bars(MuseGenerator.Load(path)));
            using FileStream stream = File.OpenRead(path);
            Assert.Equal(expected, Bars(MuseGenerator.Load(stream)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_NotAModel_ThrowsModelFormatException()
    {
        using var stream = new MemoryStream([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        Assert.ThrowsAny<ModelFormatException>(() => MuseGenerator.Load(stream));
    }

    [Fact]
    public void Sessions_OnSeveralThreads_AreIndependent()
    {
        MuseGenerator generator = RuntimeTestModels.Small();
        IReadOnlyList<GeneratedNote> reference = generator.OpenSession(new GenerationOptions { Seed = 77 }).ContinueBars(8);
        var results = new IReadOnlyList<GeneratedNote>[4];
        Parallel.For(0, 4, i => results[i] = generator.OpenSession(new GenerationOptions { Seed = 77 }).ContinueBars(8));
        Assert.All(results, r => Assert.Equal(reference, r));
    }

    private static IReadOnlyList<GeneratedNote> Bars(MuseGenerator generator) =>
        generator.OpenSession(new GenerationOptions { Seed = 5 }).ContinueBars(2);
}
