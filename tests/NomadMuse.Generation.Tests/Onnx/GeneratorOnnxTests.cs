using NomadMuse.Core.Onnx;
using NomadMuse.Core.Training;
using NomadMuse.Generation.Model;
using NomadMuse.Generation.Onnx;

namespace NomadMuse.Generation.Tests.Onnx;

public sealed class GeneratorOnnxTests
{
    private const int V = GeneratorConfig.Vocabulary;

    [Fact]
    public void ExportThenImport_GivesBitIdenticalSteps()
    {
        var model = new GeneratorModel(new GeneratorConfig(20, 28, 0.1f), new TrainingRandom(1));
        var onnx = OnnxModelReader.Parse(GeneratorOnnx.CreateWriter(model).ToArray());
        var imported = GeneratorOnnx.Import(onnx);
        Assert.Equal(20, imported.Config.EmbeddingSize);
        Assert.Equal(28, imported.Config.HiddenSize);
        for (int i = 0; i < model.Parameters.Count; i++)
        {
            Assert.Equal(model.Parameters[i].Value, imported.Parameters[i].Value);
        }

        var s1 = model.CreateState();
        var s2 = imported.CreateState();
        float[] a = new float[V], b = new float[V];
        foreach (int token in new[] { 1, 77, 200, 3, 140 })
        {
            model.Step(token, s1, a);
            imported.Step(token, s2, b);
            Assert.Equal(a, b);
        }
    }

    [Fact]
    public void Export_DeclaresTheDocumentedInputsOutputsAndMetadata()
    {
        var model = new GeneratorModel(new GeneratorConfig(8, 12, 0f), new TrainingRandom(2));
        var onnx = OnnxModelReader.Parse(GeneratorOnnx.CreateWriter(model).ToArray());
        Assert.Equal(
            [GeneratorOnnx.Token, GeneratorOnnx.Instrument, GeneratorOnnx.TrackType, GeneratorOnnx.Position, GeneratorOnnx.Hidden1,
             GeneratorOnnx.Hidden2, GeneratorOnnx.Hidden3, GeneratorOnnx.PastKeys, GeneratorOnnx.PastValues],
            onnx.InputNames);
        Assert.Equal(
            [GeneratorOnnx.Logits, GeneratorOnnx.Hidden1Out, GeneratorOnnx.Hidden2Out, GeneratorOnnx.Hidden3Out, GeneratorOnnx.KeysOut, GeneratorOnnx.ValuesOut],
            onnx.OutputNames);
        Assert.Equal(GeneratorModel.Architecture, onnx.MetadataProps["architecture"]);
        Assert.Equal("12", onnx.MetadataProps["hidden"]);
        Assert.Equal([36L, 8L], onnx.GetInitializerShape("gru1.weight_ih")); // PyTorch layout, [3H, E]
        Assert.Equal([129L], onnx.GetInitializerShape("attention.relative_bias"));
        Assert.Equal(17, onnx.OpsetVersion);
    }

    [Fact]
    public void Import_MissingOrMisshapedInitializer_ThrowsNamingIt()
    {
        var g = new OnnxGraphBuilder("bad");
        g.AddInitializer("embedding.weight", new float[V * 4], [V, 4]);
        g.AddInitializer("gru1.weight_hh", new float[5 * 5], [5, 5]);
        g.AddInput("x", 1);
        g.AddNode("Identity", ["x"], ["y"]);
        g.AddOutput("y", 1);
        var e = Assert.Throws<OnnxFormatException>(() => GeneratorOnnx.Import(OnnxModelReader.Parse(new OnnxModelWriter(g).ToArray())));
        Assert.Contains("gru1.weight_hh", e.Message, StringComparison.Ordinal);

        var model = new GeneratorModel(new GeneratorConfig(8, 12, 0f), new TrainingRandom(3));
        var other = new GeneratorModel(new GeneratorConfig(8, 10, 0f), new TrainingRandom(3));
        var onnx = OnnxModelReader.Parse(GeneratorOnnx.CreateWriter(model).ToArray());
        Assert.Throws<OnnxFormatException>(() => GeneratorOnnx.ImportInto(onnx, other));
        Assert.Throws<ArgumentException>(() => GeneratorOnnx.ImportInto(onnx, model.Quantize()));
    }

    [Fact]
    public void Export_QuantizedModel_CarriesTheDequantizedWeights()
    {
        var int8 = new GeneratorModel(new GeneratorConfig(8, 12, 0f), new TrainingRandom(4)).Quantize();
        var onnx = OnnxModelReader.Parse(GeneratorOnnx.CreateWriter(int8).ToArray());
        var w = int8.Parameters.First(p => p.Name == "head.weight");
        Assert.Equal(w.Value, onnx.GetFloatInitializer("head.weight", [V, 12]));
    }
}
