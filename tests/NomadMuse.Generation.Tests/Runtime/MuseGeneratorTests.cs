using NomadMuse.Core.Models;
using NomadMuse.Core.Training;
using NomadMuse.Generation.Model;
using NomadMuse.Generation.Runtime;

namespace NomadMuse.Generation.Tests.Runtime;

public sealed class MuseGeneratorTests
{
    [Fact]
    public void LoadDefault_WithoutTheEmbeddedResource_ThrowsAClearInvalidOperation()
    {
        bool embedded = typeof(MuseGenerator).Assembly.GetManifestResourceNames().Contains(MuseGenerator.DefaultModelResource);
        if (embedded)
        {
            Assert.NotNull(MuseGenerator.LoadDefault().OpenSession());
            return;
        }

        var e = Assert.Throws<InvalidOperationException>(MuseGenerator.LoadDefault);
        Assert.Contains(MuseGenerator.DefaultModelResource, e.Message, StringComparison.Ordinal);
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
