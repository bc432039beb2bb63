using Google.Protobuf;
using NomadMuse.Core.Onnx;
using NomadMuse.Core.Onnx.Proto;

namespace NomadMuse.Core.Tests.Onnx;

public sealed class OnnxModelWriterTests
{
    [Fact]
    public void ToArray_LinearGraph_WritesIrVersion8Opset17AndTheGraph()
    {
        var model = ModelProto.Parser.ParseFrom(new OnnxModelWriter(OnnxTestGraphs.Linear()).ToArray());

        Assert.Equal(8, model.IrVersion);
        var opset = Assert.Single(model.OpsetImport);
        Assert.Equal(string.Empty, opset.Domain);
        Assert.Equal(17, opset.Version);
        Assert.Equal("NomadMuse", model.ProducerName);
        Assert.Equal(["MatMul", "Add"], model.Graph.Node.Select(n => n.OpType));
        Assert.Equal("x", Assert.Single(model.Graph.Input).Name);
        var output = Assert.Single(model.Graph.Output);
        Assert.Equal((int)TensorProto.Types.DataType.Float, output.Type.TensorType.ElemType);
        Assert.Equal([1L, 3L], output.Type.TensorType.Shape.Dim.Select(d => d.DimValue));
    }

    [Fact]
    public void Initializer_OnTheWire_UsesTheSpecFieldNumbers()
    {
        // TensorProto per onnx.proto: dims = 1 (varint, unpacked), data_type = 2, name = 8, raw_data = 9.
        var graph = new OnnxGraphBuilder();
        graph.AddInitializer("w", [1.5f, -2f], [2]);
        graph.AddInput("x", 2);
        graph.AddNode("Add", ["x", "w"], ["y"]);
        graph.AddOutput("y", 2);
        var tensor = graph.Build().Initializer[0];

        byte[] expected = [0x08, 0x02, 0x10, 0x01, 0x42, 0x01, (byte)'w', 0x4A, 0x08, 0x00, 0x00, 0xC0, 0x3F, 0x00, 0x00, 0x00, 0xC0];
        Assert.Equal(expected, tensor.ToByteArray());
    }

    [Fact]
    public void Model_OnTheWire_StartsWithIrVersionThenProducerName()
    {
        // ModelProto: ir_version = 1 (varint 8), producer_name = 2.
        var writer = new OnnxModelWriter(OnnxTestGraphs.Linear()) { ProducerName = "P" };
        byte[] bytes = writer.ToArray();
        Assert.Equal(new byte[] { 0x08, 0x08, 0x12, 0x01, (byte)'P' }, bytes[..5]);
    }

    [Fact]
    public void Node_Attributes_CarryTypeDiscriminators()
    {
        var graph = new OnnxGraphBuilder();
        graph.AddInput("x", 2, 3);
        graph.AddNode("Gemm", ["x", "x"], ["y"])
            .WithFloat("alpha", 0.5f).WithInt("transB", 1).WithString("note", "hé")
            .WithInts("perm", [1, 0]).WithFloats("scales", [1f, 2f]).WithStrings("acts", "Sigmoid", "Tanh");
        graph.AddOutput("y", 2, 2);

        var attributes = graph.Build().Node[0].Attribute;

        Assert.Equal(
            [AttributeProto.Types.AttributeType.Float, AttributeProto.Types.AttributeType.Int, AttributeProto.Types.AttributeType.String,
             AttributeProto.Types.AttributeType.Ints, AttributeProto.Types.AttributeType.Floats, AttributeProto.Types.AttributeType.Strings],
            attributes.Select(a => a.Type));
        Assert.Equal(0.5f, attributes[0].F);
        Assert.Equal(1, attributes[1].I);
        Assert.Equal("hé", attributes[2].S.ToStringUtf8());
        Assert.Equal([1L, 0L], attributes[3].Ints);
        Assert.Equal([1f, 2f], attributes[4].Floats);
        Assert.Equal(["Sigmoid", "Tanh"], attributes[5].Strings.Select(s => s.ToStringUtf8()));
    }

    [Fact]
    public void AddInput_NegativeDimension_BecomesASymbolicDimension()
    {
        var graph = new OnnxGraphBuilder();
        graph.AddInput("x", -1, 4);
        graph.AddNode("Relu", ["x"], ["y"]);
        graph.AddOutput("y", -1, 4);

        var dims = graph.Build().Input[0].Type.TensorType.Shape.Dim;

        Assert.Equal("x_dim0", dims[0].DimParam);
        Assert.Equal(4, dims[1].DimValue);
    }

    [Fact]
    public void AddInt64Input_DeclaresElementTypeInt64()
    {
        var graph = new OnnxGraphBuilder();
        graph.AddInt64Input("ids", 1);
        graph.AddInitializer("table", [1f, 2f], [2, 1]);
        graph.AddNode("Gather", ["table", "ids"], ["e"]);
        graph.AddOutput("e", 1, 1);

        Assert.Equal((int)TensorProto.Types.DataType.Int64, graph.Build().Input[0].Type.TensorType.ElemType);
    }

    [Fact]
    public void AddNode_UndefinedInput_ThrowsNamingIt()
    {
        var graph = new OnnxGraphBuilder();
        graph.AddInput("x", 1);
        var e = Assert.Throws<ArgumentException>(() => graph.AddNode("Add", ["x", "nope"], ["y"]));
        Assert.Contains("'nope'", e.Message);
    }

    [Fact]
    public void AddNode_OutputNameTaken_Throws()
    {
        var graph = new OnnxGraphBuilder();
        graph.AddInput("x", 1);
        Assert.Throws<ArgumentException>(() => graph.AddNode("Relu", ["x"], ["x"]));
    }

    [Fact]
    public void AddInitializer_ShapeDoesNotMatchLength_Throws()
    {
        var graph = new OnnxGraphBuilder();
        Assert.Throws<ArgumentException>(() => graph.AddInitializer("w", [1f, 2f, 3f], [2, 2]));
    }

    [Fact]
    public void ToArray_OutputNeverProduced_ThrowsInvalidOperation()
    {
        var graph = new OnnxGraphBuilder();
        graph.AddInput("x", 1);
        graph.AddOutput("y", 1);
        var e = Assert.Throws<InvalidOperationException>(() => new OnnxModelWriter(graph).ToArray());
        Assert.Contains("'y'", e.Message);
    }

    [Fact]
    public void Save_WritesTheSameBytesAsToArrayAndNoTemporaryFile()
    {
        string dir = Directory.CreateTempSubdirectory("onnx-save-").FullName;
        try
        {
            var writer = new OnnxModelWriter(OnnxTestGraphs.Linear());
            writer.MetadataProps["vocab"] = "258";
            string path = Path.Combine(dir, "m.onnx");

            writer.Save(path);

            Assert.Equal(writer.ToArray(), File.ReadAllBytes(path));
            Assert.Single(Directory.GetFiles(dir));
            Assert.Equal("258", OnnxModelReader.Load(path).MetadataProps["vocab"]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
