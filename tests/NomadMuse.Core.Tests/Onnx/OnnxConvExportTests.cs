using NomadMuse.Core.Neural;
using NomadMuse.Core.Neural.Conv;
using NomadMuse.Core.Onnx;
using NomadMuse.Core.Training;

namespace NomadMuse.Core.Tests.Onnx;

public sealed class OnnxConvExportTests
{
    [Fact]
    public void CreateClassifier_SeedBackbone_DeclaresFoldedInitializersAndHeads()
    {
        var backbone = ConvBackbone.CreateSeedClassifier(new Random(1), [2, 2, 1]);
        var fc = new Linear("fc1", 128, 8);
        var head = new Linear("head", 8, 3);
        fc.Initialize(new TrainingRandom(2));
        var pHead = new Linear("p_head", 8, 1);
        head.Initialize(new TrainingRandom(3));
        var writer = OnnxConvExport.CreateClassifier(backbone, [new(fc, ActivationKind.Relu)], [new("logits", [new(head)]), new("p", [new(pHead, ActivationKind.Sigmoid)])], 40, 5);
        var onnx = OnnxModelReader.Parse(writer.ToArray());
        Assert.Equal(["input"], onnx.InputNames);
        Assert.Equal(["logits", "p"], onnx.OutputNames);
        Assert.Equal([32L, 1, 3, 3], onnx.GetInitializerShape("conv1.0.weight"));
        Assert.False(onnx.HasInitializer("conv1.1.weight")); // batch norm folded away
        var folded = backbone.FoldBatchNorm();
        Assert.Equal(folded.Blocks[2].Conv.Weight.Value, onnx.GetFloatInitializer("conv3.0.weight", [128, 64, 3, 3]));
        Assert.Equal(fc.Weight.Value, onnx.GetFloatInitializer("fc1.weight", [8, 128]));
    }

    [Fact]
    public void CreateClassifier_BadConfigurations_Throw()
    {
        var backbone = ConvBackbone.CreateSeedClassifier(new Random(4), [2, 2, 1]);
        var good = new Linear("fc", 128, 4);
        var wrong = new Linear("bad", 7, 4);
        Assert.Throws<ArgumentException>(() => OnnxConvExport.CreateClassifier(backbone, [], [], 40, 5));
        Assert.Throws<ArgumentException>(() => OnnxConvExport.CreateClassifier(backbone, [new(wrong)], [new("y", [new(good)])], 40, 5));
        Assert.Throws<ArgumentException>(() => OnnxConvExport.CreateClassifier(backbone, [], [new("y", [new(good), new(wrong)])], 40, 5));
        Assert.Throws<ArgumentException>(() => OnnxConvExport.CreateClassifier(backbone, [], [new("y", [])], 40, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => OnnxConvExport.CreateClassifier(backbone, [], [new("y", [new(good)])], 4, 5));

        // One layer object in two heads would define its initializers twice: rejected, naming the tensor.
        var e = Assert.Throws<ArgumentException>(() => OnnxConvExport.CreateClassifier(backbone, [], [new("a", [new(good)]), new("b", [new(good)])], 40, 5));
        Assert.Contains("fc.weight", e.Message, StringComparison.Ordinal);
    }
}
