using NomadMuse.Core.Models;
using NomadMuse.Core.Training;
using NomadMuse.Generation.Model;
using NomadMuse.Testing;

namespace NomadMuse.Generation.Tests.Model;

public sealed class TransformerModelTests
{
    private const int V = 258;

    [Fact]
    public void ParameterCount_BasePreset_MatchesHandComputedTotal()
    {
        // d = 256, F = 1024, 4 blocks: embeddings (258+21+3)·256 = 72,192; per block two LayerNorms 4·256 = 1,024,
        // attention 3·(64·256+64) + 256·64 + 256 + 129 = 66,113, FFN 1024·256+1024 + 256·1024+256 = 525,568;
        // final LayerNorm 512 and head 258·256 + 258 = 66,306.
        long expected = 72_192 + (4 * (1_024 + 66_113 + 525_568)) + 512 + 66_306;
        Assert.Equal(expected, new TransformerModel(TransformerConfig.Base, new TrainingRandom(1)).ParameterCount);
        Assert.Equal(2_509_830, TransformerConfig.Base.ParameterCount);
    }

    [Fact]
    public void Step_SequenceFromFreshState_EqualsTrainingForward()
    {
        var model = new TransformerModel(new TransformerConfig(16, 2, 24, 0.3f), new TrainingRandom(3));
        StreamForwardCheck.Run(model);

        var state = model.CreateState();
        for (int t = 0; t < 45; t++)
        {
            model.Step(1 + t, state, new float[V]);
        }

        Assert.Equal(45, state.Position); // the position keeps counting past the window the rings hold
    }

    [Fact]
    public void Step_AfterWarmup_AllocatesNothing()
    {
        var model = new TransformerModel(new TransformerConfig(32, 2, 64), new TrainingRandom(2));
        var state = model.CreateState();
        state.SetContext(10, 1);
        float[] logits = new float[V];
        int token = 6;
        long bytes = AllocationProbe.MinAllocatedBytes(() =>
        {
            model.Step(token, state, logits);
            token = 6 + ((token + 1) % 100);
        }, calls: 50);
        Assert.Equal(0, bytes);
        Assert.All(logits, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Step_ConditioningAndBadInput_AreChecked()
    {
        var model = new TransformerModel(new TransformerConfig(16, 1, 16, 0f), new TrainingRandom(5));
        var a = model.CreateState();
        var b = model.CreateState();
        a.SetContext(10, 1);
        b.SetContext(1, 2);
        float[] la = new float[V], lb = new float[V];
        model.Step(1, a, la);
        model.Step(1, b, lb);
        Assert.NotEqual(la, lb);
        Assert.Throws<ArgumentOutOfRangeException>(() => a.SetContext(21, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Step(258, a, la));
        Assert.Throws<ArgumentException>(() => model.Step(1, a, new float[V - 1]));
        var other = new TransformerModel(new TransformerConfig(8, 1, 16, 0f), new TrainingRandom(5));
        Assert.Throws<ArgumentException>(() => model.Step(1, other.CreateState(), la));
    }

    [Fact]
    public void Backward_WholeModel_MatchesFiniteDifferences()
    {
        // Two blocks so the block-to-block gradient hand-off is exercised; small widths keep fp32 differences clean.
        var model = new TransformerModel(new TransformerConfig(8, 2, 12, 0f), new TrainingRandom(6));
        var rnd = new Random(7);

        // LayerNorm gains start at 1 and biases at 0; perturb them so their gradients are not special cases.
        foreach (var p in model.Parameters.Where(p => p.Name.Contains("norm", StringComparison.Ordinal) || p.Name.EndsWith("relative_bias", StringComparison.Ordinal)))
        {
            for (int i = 0; i < p.Length; i++)
            {
                p.Value[i] += (float)((rnd.NextDouble() - 0.5) * 0.4);
            }
        }

        // The GPT-style 0.02 embeddings would leave the LayerNorm inputs nearly constant; use unit-scale rows.
        foreach (var p in model.Parameters.Where(p => p.Name.Contains("embedding", StringComparison.Ordinal)))
        {
            for (int i = 0; i < p.Length; i++)
            {
                p.Value[i] = (float)((rnd.NextDouble() * 2) - 1);
            }
        }

        // A small step: with 1e-3 some ReLU inputs of this seed cross zero, where the loss has a kink (the difference
        // quotient then converges to the analytic value only as the step shrinks). Softmax is shift-invariant, so the
        // key bias has an exactly zero gradient and is not probed.
        int probes = SequenceModelGradientCheck.Run(model, rnd, embeddingSize: 8, step: 3e-4f,
            skip: name => name.EndsWith("k_proj.bias", StringComparison.Ordinal));
        Assert.True(probes >= 90, $"only {probes} probes");
    }

    [Fact]
    public void Forward_WithDropout_BackwardStillMatchesItsOwnMask()
    {
        // Dropout masks are drawn per forward; the gradient of Σ w·logits must use the same masks, so the loss is
        // linear in a weight of the head and the analytic gradient equals the exact directional change.
        var model = new TransformerModel(new TransformerConfig(8, 1, 12, 0.5f), new TrainingRandom(11));
        const int T = 5, B = 2;
        int[] tokens = [1, 1, 60, 200, 135, 7, 170, 250, 60, 64];
        float[] logits = new float[T * B * V], grad = new float[T * B * V];
        grad[3] = 1f;
        foreach (var p in model.Parameters)
        {
            p.ZeroGradient();
        }

        model.Forward(tokens, T, B, [1, 2], [1, 2], logits, training: true);
        model.Backward(grad);
        float[] noDrop = new float[logits.Length];
        model.Forward(tokens, T, B, [1, 2], [1, 2], noDrop, training: false);
        Assert.NotEqual(logits, noDrop);
        var headBias = model.Parameters.First(p => p.Name == "head.bias");
        Assert.Equal(1f, headBias.Gradient[3]);
        Assert.Contains(model.Parameters.First(p => p.Name == "blocks.0.ffn1.weight").Gradient, g => g != 0f);
    }

    [Fact]
    public void SaveLoad_RoundTrip_GivesIdenticalLogits()
    {
        var model = new TransformerModel(new TransformerConfig(12, 2, 20, 0.1f), new TrainingRandom(8));
        var loaded = TransformerModel.FromModelFile(ModelFile.Read(new MemoryStream(model.ToModelFile().ToArray())));
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
    public void Load_CrossArchitecture_ThrowsModelFormatExceptionNamingBoth()
    {
        var baseFile = new TransformerModel(new TransformerConfig(8, 1, 8), new TrainingRandom(9)).ToModelFile();
        var gruFile = new GeneratorModel(new GeneratorConfig(8, 8), new TrainingRandom(9)).ToModelFile();

        var e1 = Assert.Throws<ModelFormatException>(() => GeneratorModel.FromModelFile(baseFile));
        Assert.Contains(TransformerModel.Architecture, e1.Message, StringComparison.Ordinal);
        Assert.Contains(GeneratorModel.Architecture, e1.Message, StringComparison.Ordinal);
        var e2 = Assert.Throws<ModelFormatException>(() => TransformerModel.FromModelFile(gruFile));
        Assert.Contains(GeneratorModel.Architecture, e2.Message, StringComparison.Ordinal);
        Assert.Contains(TransformerModel.Architecture, e2.Message, StringComparison.Ordinal);

        Assert.IsType<TransformerModel>(TokenPredictorFile.FromModelFile(baseFile));
        Assert.IsType<GeneratorModel>(TokenPredictorFile.FromModelFile(gruFile));
        var e3 = Assert.Throws<ModelFormatException>(() => TokenPredictorFile.FromModelFile(new ModelFile(new ModelMetadata("instrument-cnn"))));
        Assert.Contains("instrument-cnn", e3.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WrongWindowOrMissingTensor_Throws()
    {
        var file = new TransformerModel(new TransformerConfig(8, 1, 8), new TrainingRandom(10)).ToModelFile();
        file.Metadata.Hyperparameters["attention_window"] = 16;
        var e = Assert.Throws<ModelFormatException>(() => TransformerModel.FromModelFile(file));
        Assert.Contains("attention_window", e.Message, StringComparison.Ordinal);

        var missing = new TransformerModel(new TransformerConfig(8, 2, 8), new TrainingRandom(10)).ToModelFile();
        missing.Metadata.Hyperparameters["blocks"] = 3;
        Assert.Throws<ModelFormatException>(() => TransformerModel.FromModelFile(missing));
    }
}
