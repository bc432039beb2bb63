using NomadMuse.Classification.Features;
using NomadMuse.Classification.Model;
using NomadMuse.Classification.Runtime;
using NomadMuse.Core.Models;

namespace NomadMuse.Classification.Tests.Model;

public sealed class InstrumentClassifierModelTests
{
    [Fact]
    public void ParameterCount_SeedArchitecture_MatchesHandCount()
    {
        // conv: (1·9+1)·32 + (32·9+1)·64 + (64·9+1)·128 = 320 + 18,496 + 73,856; BN γ/β: 2·(32+64+128) = 448;
        // FC: 128·256+256 = 33,024, 256·64+64 = 16,448; heads: 64·20+20 = 1,300, 65, 65.
        int expected = 320 + 18_496 + 73_856 + 448 + 33_024 + 16_448 + 1_300 + 65 + 65;
        var model = new InstrumentClassifierModel(3);
        Assert.Equal(144_022, expected);
        Assert.Equal(expected, model.ParameterCount);
    }

    [Fact]
    public void Forward_BatchOfThree_WritesFiniteHeadsOfTheRightShape()
    {
        var model = new InstrumentClassifierModel(5);
        var random = new Random(1);
        float[] patches = [.. Enumerable.Range(0, 3 * InstrumentClassifierModel.PatchLength).Select(_ => (float)random.NextDouble() - 0.5f)];
        var classes = new float[3 * 20];
        var types = new float[3];
        var confidence = new float[3];
        model.Forward(patches, 3, classes, types, confidence);
        Assert.All(classes, v => Assert.True(float.IsFinite(v)));
        Assert.All(types, v => Assert.True(float.IsFinite(v)));
        Assert.NotEqual(classes[0], classes[20]);
        model.Backward(new float[60], new float[3], new float[3]);
        Assert.All(model.Parameters, p => Assert.All(p.Gradient, g => Assert.Equal(0f, g)));
    }

    [Fact]
    public void Backward_ClassGradient_MatchesFiniteDifferenceOnHeadBias()
    {
        // Loss = Σ logits·w (fixed w); ∂L/∂bias_k of the class head = Σ_batch w[b,k]. Dropout does not touch the heads.
        var model = new InstrumentClassifierModel(9);
        var random = new Random(4);
        float[] patches = [.. Enumerable.Range(0, 2 * InstrumentClassifierModel.PatchLength).Select(_ => (float)random.NextDouble())];
        float[] w = [.. Enumerable.Range(0, 40).Select(_ => (float)random.NextDouble() - 0.5f)];
        model.Forward(patches, 2, new float[40], new float[2], new float[2]);
        model.Backward(w, new float[2], new float[2]);
        for (int k = 0; k < 20; k++)
        {
            Assert.Equal(w[k] + w[20 + k], model.ClassHead.Bias.Gradient[k], 5);
        }
    }

    [Fact]
    public void SaveLoad_RoundTrip_GivesIdenticalClassifications()
    {
        var model = new InstrumentClassifierModel(11);
        float[] mean = [.. Enumerable.Range(0, 128).Select(i => -40f + (i * 0.1f))];
        float[] std = [.. Enumerable.Range(0, 128).Select(i => 10f + (i * 0.05f))];
        model.Normalization = new FeatureNormalization(mean, std);
        model.Backbone.Blocks[1].Norm!.RunningMean[3] = 0.25f;
        model.Backbone.Blocks[2].Norm!.RunningVariance[7] = 2.5f;
        string path = Path.Combine(Path.GetTempPath(), $"nm-cls-{Guid.NewGuid():N}.nmm");
        try
        {
            model.Save(path);
            Assert.True(new FileInfo(path).Length < 1_000_000);
            var loaded = InstrumentClassifierModel.Load(path);
            Assert.Equal(0.25f, loaded.Backbone.Blocks[1].Norm!.RunningMean[3]);
            Assert.Equal(2.5f, loaded.Backbone.Blocks[2].Norm!.RunningVariance[7]);
            Assert.Equal(std[17], loaded.Normalization.GetStd(17), 4);
            float[] frame = TestSignals.Sine(440, 44_100, 2205, 0.3f);
            var a = new InstrumentClassifier(model, 44_100);
            var b = new InstrumentClassifier(loaded, 44_100);
            var pa = new float[20];
            var pb = new float[20];
            a.ClassifyFrame(frame, pa);
            b.ClassifyFrame(frame, pb);
            Assert.Equal(pa, pb);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void FromModelFile_OtherArchitecture_ThrowsModelFormatException()
    {
        var file = new ModelFile(new ModelMetadata("something-else"));
        var e = Assert.Throws<ModelFormatException>(() => InstrumentClassifierModel.FromModelFile(file));
        Assert.Contains("something-else", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromModelFile_MissingTensor_ThrowsModelFormatException()
    {
        var file = new ModelFile(new ModelMetadata(InstrumentClassifierModel.ArchitectureName));
        Assert.Throws<ModelFormatException>(() => InstrumentClassifierModel.FromModelFile(file));
    }
}
