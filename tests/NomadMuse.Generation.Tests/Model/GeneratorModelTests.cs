using NomadMuse.Core.Models;
using NomadMuse.Core.Training;
using NomadMuse.Generation.Model;

namespace NomadMuse.Generation.Tests.Model;

public sealed class GeneratorModelTests
{
    private const int V = 258;

    [Fact]
    public void ParameterCount_Presets_MatchHandComputedTotals()
    {
        // Student, E = H = 88: embeddings (258+21+3)·88 = 24,816; GRU1 3·88·(88+88) + 6·88 = 46,992; GRU2 and GRU3
        // the same; attention 3·(64·88+64) + 88·64 + 88 + 129 = 22,937; head 258·88 + 258 = 22,962.
        Assert.Equal(24_816 + (3 * 46_992) + 22_937 + 22_962, new GeneratorModel(GeneratorConfig.Student, new TrainingRandom(1)).ParameterCount);
        Assert.Equal(211_691, GeneratorConfig.Student.ParameterCount);

        // Fusion, E = H = 108: 30,456 + 3·70,632 + 28,077 + 28,122.
        Assert.Equal(30_456 + (3 * 70_632) + 28_077 + 28_122, new GeneratorModel(GeneratorConfig.Fusion, new TrainingRandom(1)).ParameterCount);
        Assert.Equal(298_551, GeneratorConfig.Fusion.ParameterCount);
    }

    [Fact]
    public void Step_AfterWarmup_AllocatesNothing() =>
        Assert.Equal(0, StepAllocationCheck.MinBytesPerStep(new GeneratorModel(GeneratorConfig.Student, new TrainingRandom(2))));

    [Fact]
    public void Step_SequenceFromFreshState_EqualsTrainingForward() =>
        StreamForwardCheck.Run(new GeneratorModel(new GeneratorConfig(16, 24, 0.3f), new TrainingRandom(3)));

    [Fact]
    public void Step_Conditioning_ChangesLogits()
    {
        var model = new GeneratorModel(new GeneratorConfig(16, 16, 0f), new TrainingRandom(5));
        var a = model.CreateState();
        var b = model.CreateState();
        a.SetContext(10, 1);
        b.SetContext(1, 2);
        float[] la = new float[V], lb = new float[V];
        model.Step(1, a, la);
        model.Step(1, b, lb);
        Assert.NotEqual(la, lb);
        Assert.Throws<ArgumentOutOfRangeException>(() => a.SetContext(21, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => a.SetContext(0, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Step(258, a, la));
    }

    [Fact]
    public void Backward_WholeModel_MatchesFiniteDifferences()
    {
        var model = new GeneratorModel(new GeneratorConfig(6, 8, 0f), new TrainingRandom(6));
        int probes = SequenceModelGradientCheck.Run(model, new Random(7), embeddingSize: 6, step: 1e-2f);
        Assert.True(probes >= 60, $"only {probes} probes");
    }

    [Fact]
    public void SaveLoad_RoundTrip_GivesIdenticalLogits()
    {
        var model = new GeneratorModel(new GeneratorConfig(12, 20, 0.1f), new TrainingRandom(8));
        var loaded = GeneratorModel.FromModelFile(ModelFile.Read(new MemoryStream(model.ToModelFile().ToArray())));
        Assert.Equal(model.Config, loaded.Config);
        var s1 = model.CreateState();
        var s2 = loaded.CreateState();
        float[] a = new float[V], b = new float[V];
        foreach (int token in new[] { 1, 256, 42, 183, 140 })
        {
            model.Step(token, s1, a);
            loaded.Step(token, s2, b);
            Assert.Equal(a, b);
        }
    }

    [Fact]
    public void Load_OtherArchitecture_ThrowsNamingIt()
    {
        var file = new ModelFile(new ModelMetadata("instrument-cnn"));
        var e = Assert.Throws<ModelFormatException>(() => GeneratorModel.FromModelFile(file));
        Assert.Contains("architecture mismatch", e.Message, StringComparison.Ordinal);
        Assert.Contains("instrument-cnn", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WrongWindowOrMissingTensor_Throws()
    {
        var model = new GeneratorModel(new GeneratorConfig(8, 8, 0f), new TrainingRandom(9));
        var file = model.ToModelFile();
        file.Metadata.Hyperparameters["attention_window"] = 16;
        var e = Assert.Throws<ModelFormatException>(() => GeneratorModel.FromModelFile(file));
        Assert.Contains("attention_window", e.Message, StringComparison.Ordinal);

        var wrongHidden = model.ToModelFile();
        wrongHidden.Metadata.Hyperparameters["hidden"] = 9; // tensors say 8
        Assert.Throws<ModelFormatException>(() => GeneratorModel.FromModelFile(wrongHidden));
    }
}
