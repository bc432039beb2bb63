using NomadMuse.Core.Neural;
using NomadMuse.Core.Neural.Conv;
using NomadMuse.Core.Onnx;
using NomadMuse.Core.Training;

namespace NomadMuse.OnnxRuntime.Tests;

/// <summary>A seed classifier backbone (with batch norm) + dense layers + two heads, exported and run by ONNX Runtime.</summary>
public sealed class ConvClassifierParityTests
{
    [OrtFact]
    public void SeedBackboneTwoLinearTwoHeads_MatchesManagedWithin1e4()
    {
        OrtRequire.Library();
        const int H = 40, W = 5;
        var random = new Random(41);
        var backbone = ConvBackbone.CreateSeedClassifier(random, [2, 2, 1]);
        foreach (var block in backbone.Blocks)
        {
            // Non-trivial batch-norm statistics so the folding is exercised.
            var bn = block.Norm!;
            for (int c = 0; c < bn.Channels; c++)
            {
                bn.Gamma.Value[c] = 0.5f + (float)random.NextDouble();
                bn.Beta.Value[c] = (float)(random.NextDouble() - 0.5);
                bn.RunningMean.AsSpan()[c] = (float)(random.NextDouble() - 0.5) * 0.1f;
                bn.RunningVariance.AsSpan()[c] = 0.5f + (float)random.NextDouble();
            }
        }

        var tr = new TrainingRandom(42);
        var fc1 = new Linear("fc1", backbone.FeatureCount, 32);
        var fc2 = new Linear("fc2", 32, 16);
        var instrument = new Linear("instrument_head", 16, 20);
        var confidence = new Linear("confidence_head", 16, 1);
        foreach (var l in new[] { fc1, fc2, instrument, confidence })
        {
            l.Initialize(tr);
        }

        var writer = OnnxConvExport.CreateClassifier(
            backbone,
            [new(fc1, ActivationKind.Relu), new(fc2, ActivationKind.Relu)],
            [new("instrument_logits", [new(instrument)]), new("confidence", [new(confidence, ActivationKind.Sigmoid)])],
            H, W);
        using var session = OrtSession.FromBytes(writer.ToArray(), OrtTestEnvironment.Settings());

        float[] patch = [.. Enumerable.Range(0, H * W).Select(_ => (float)((random.NextDouble() * 2) - 1))];
        float[] logits = new float[20], conf = new float[1];
        session.Run([new OrtInput("input", patch, 1, 1, H, W)], [new OrtOutput("instrument_logits", logits), new OrtOutput("confidence", conf)]);

        // Managed: the unfolded backbone (conv → BN → ReLU → pool) and the dense layers.
        float[] features = new float[backbone.FeatureCount];
        backbone.Infer(patch, H, W, features, new float[backbone.ScratchLength(H, W)]);
        float[] a = Dense(fc1, features, ActivationKind.Relu);
        float[] b = Dense(fc2, a, ActivationKind.Relu);
        float[] expectedLogits = Dense(instrument, b, null);
        float[] expectedConf = Dense(confidence, b, ActivationKind.Sigmoid);

        for (int i = 0; i < 20; i++)
        {
            Assert.True(Math.Abs(expectedLogits[i] - logits[i]) < 1e-4, $"logit {i}: managed {expectedLogits[i]}, ORT {logits[i]}");
        }

        Assert.True(Math.Abs(expectedConf[0] - conf[0]) < 1e-4, $"confidence: managed {expectedConf[0]}, ORT {conf[0]}");
        Assert.Contains(expectedLogits, v => Math.Abs(v) > 1e-3f);

        // The initializers read back into a folded backbone and the dense layers reproduce the managed outputs exactly.
        var onnx = OnnxModelReader.Parse(writer.ToArray());
        var folded = backbone.FoldBatchNorm();
        var reloaded = ConvBackbone.CreateSeedClassifier(null, [2, 2, 1]).FoldBatchNorm();
        onnx.CopyToParameters(reloaded.Parameters);
        float[] f1 = new float[folded.FeatureCount], f2 = new float[folded.FeatureCount];
        folded.Infer(patch, H, W, f1, new float[folded.ScratchLength(H, W)]);
        reloaded.Infer(patch, H, W, f2, new float[reloaded.ScratchLength(H, W)]);
        Assert.Equal(f1, f2);
    }

    [OrtFact]
    public void Batch_TwoPatches_EachMatchesItsSingleRun()
    {
        OrtRequire.Library();
        const int H = 16, W = 4;
        var random = new Random(43);
        var backbone = ConvBackbone.CreateSeedClassifier(random, [2, 2, 1]).FoldBatchNorm();
        var fc = new Linear("fc", backbone.FeatureCount, 8);
        fc.Initialize(new TrainingRandom(44));
        var writer = OnnxConvExport.CreateClassifier(backbone, [], [new("y", [new(fc, ActivationKind.Tanh)])], H, W);
        using var session = OrtSession.FromBytes(writer.ToArray(), OrtTestEnvironment.Settings());
        float[] both = [.. Enumerable.Range(0, 2 * H * W).Select(_ => (float)random.NextDouble())];
        float[] y = new float[16], y0 = new float[8], y1 = new float[8];
        session.Run([new OrtInput("input", both, 2, 1, H, W)], [new OrtOutput("y", y)]);
        session.Run([new OrtInput("input", both.AsMemory(0, H * W), 1, 1, H, W)], [new OrtOutput("y", y0)]);
        session.Run([new OrtInput("input", both.AsMemory(H * W, H * W), 1, 1, H, W)], [new OrtOutput("y", y1)]);
        for (int i = 0; i < 8; i++)
        {
            Assert.Equal(y0[i], y[i], 1e-5f);
            Assert.Equal(y1[i], y[8 + i], 1e-5f);
        }
    }

    private static float[] Dense(Linear layer, float[] x, ActivationKind? activation)
    {
        float[] y = new float[layer.Outputs];
        layer.Apply(x, y);
        if (activation is { } kind)
        {
            new Activation(kind).Apply(y, y);
        }

        return y;
    }
}
