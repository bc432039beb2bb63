using NomadMuse.Classification.Model;
using NomadMuse.Core.Neural;
using NomadMuse.Core.Neural.Conv;

namespace NomadMuse.OnnxRuntime.Tests;

/// <summary>The shipped (embedded) instrument classifier, exported to ONNX and run by ONNX Runtime.</summary>
public sealed class ShippedClassifierParityTests
{
    [OrtFact]
    public void DefaultClassifier_ExportedGraph_MatchesManagedAndPackedWithin1e4()
    {
        OrtRequire.Library();
        var model = InstrumentClassifierModel.LoadDefault();
        const int H = InstrumentClassifierModel.MelBins, W = InstrumentClassifierModel.Frames;
        using var session = OrtSession.FromBytes(InstrumentClassifierOnnx.Export(model), OrtTestEnvironment.Settings());

        var backbone = model.Backbone.FoldBatchNorm();
        float[] scratch = new float[backbone.ScratchLength(H, W)];
        // The classifier's real-time form (direct channel-last convolution) must meet the same bound.
        var packed = new PackedConvBackbone(model.Backbone);
        float[] packedScratch = new float[packed.ScratchLength(H, W)];
        var random = new Random(5);
        for (int trial = 0; trial < 5; trial++)
        {
            // Normalised patches are roughly unit-scale.
            float[] patch = [.. Enumerable.Range(0, H * W).Select(_ => (float)((random.NextDouble() * 4) - 2))];
            float[] classes = new float[20], type = new float[1], confidence = new float[1];
            session.Run([new OrtInput("input", patch, 1, 1, H, W)],
                [new OrtOutput("class_logits", classes), new OrtOutput("type_logit", type), new OrtOutput("confidence_logit", confidence)]);

            float[] features = new float[backbone.FeatureCount];
            backbone.Infer(patch, H, W, features, scratch);
            float[] h2 = Dense(model.Fc2, Dense(model.Fc1, features, relu: true), relu: true);
            Near(Dense(model.ClassHead, h2, relu: false), classes, "class");
            Near(Dense(model.TypeHead, h2, relu: false), type, "type");
            Near(Dense(model.ConfidenceHead, h2, relu: false), confidence, "confidence");

            packed.Infer(patch, H, W, features, packedScratch);
            h2 = Dense(model.Fc2, Dense(model.Fc1, features, relu: true), relu: true);
            Near(Dense(model.ClassHead, h2, relu: false), classes, "packed class");
            Near(Dense(model.TypeHead, h2, relu: false), type, "packed type");
            Near(Dense(model.ConfidenceHead, h2, relu: false), confidence, "packed confidence");
        }
    }

    private static void Near(float[] managed, float[] ort, string what)
    {
        for (int i = 0; i < managed.Length; i++)
        {
            Assert.True(Math.Abs(managed[i] - ort[i]) < 1e-4, $"{what}[{i}]: managed {managed[i]}, ORT {ort[i]}");
        }

        Assert.Contains(managed, v => Math.Abs(v) > 1e-3f);
    }

    private static float[] Dense(Linear layer, float[] x, bool relu)
    {
        float[] y = new float[layer.Outputs];
        layer.Apply(x, y);
        if (relu)
        {
            new Activation(ActivationKind.Relu).Apply(y, y);
        }

        return y;
    }
}
