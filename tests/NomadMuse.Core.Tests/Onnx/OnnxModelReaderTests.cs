using Google.Protobuf;
using NomadMuse.Core.Onnx;
using NomadMuse.Core.Onnx.Proto;
using NomadMuse.Core.Training;

namespace NomadMuse.Core.Tests.Onnx;

public sealed class OnnxModelReaderTests
{
    [Fact]
    public void GetFloatInitializer_RawData_ReturnsTheWrittenValues()
    {
        var reader = OnnxModelReader.Parse(new OnnxModelWriter(OnnxTestGraphs.Linear()).ToArray());

        Assert.Equal(OnnxTestGraphs.LinearWeight, reader.GetFloatInitializer("W", [4, 3]));
        Assert.Equal(OnnxTestGraphs.LinearBias, reader.GetFloatInitializer("b", [3]));
        Assert.Equal(["W", "b"], reader.InitializerNames);
        Assert.Equal(["x"], reader.InputNames);
        Assert.Equal(["y"], reader.OutputNames);
        Assert.Equal(8, reader.IrVersion);
        Assert.Equal(17, reader.OpsetVersion);
        Assert.Equal(2, reader.NodeCount);
    }

    [Fact]
    public void GetFloatInitializer_FloatDataEncoding_ReturnsTheValues()
    {
        var tensor = new TensorProto { Name = "w", DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.Add(2);
        tensor.Dims.Add(2);
        tensor.FloatData.Add([1f, -2f, 3.5f, 0f]);

        var reader = OnnxModelReader.Parse(ModelWith(tensor));

        Assert.Equal([1f, -2f, 3.5f, 0f], reader.GetFloatInitializer("w", [2, 2]));
    }

    [Fact]
    public void CopyToParameters_ByNameAndByMappedName_FillsValues()
    {
        var reader = OnnxModelReader.Parse(new OnnxModelWriter(OnnxTestGraphs.Linear()).ToArray());
        var w = new Parameter("dense.weight", 4, 3);
        var b = new Parameter("b", 3);

        reader.CopyToParameters([w, b], name => name == "dense.weight" ? "W" : name);

        Assert.Equal(OnnxTestGraphs.LinearWeight, w.Value);
        Assert.Equal(OnnxTestGraphs.LinearBias, b.Value);
    }

    [Fact]
    public void GetFloatInitializer_Missing_NamesItAndListsTheOthers()
    {
        var reader = OnnxModelReader.Parse(new OnnxModelWriter(OnnxTestGraphs.Linear()).ToArray());
        var e = Assert.Throws<OnnxFormatException>(() => reader.GetFloatInitializer("gru.W", [1]));
        Assert.Equal("gru.W", e.TensorName);
        Assert.Contains("W, b", e.Message);
    }

    [Fact]
    public void GetFloatInitializer_ShapeMismatch_SaysBoth()
    {
        var reader = OnnxModelReader.Parse(new OnnxModelWriter(OnnxTestGraphs.Linear()).ToArray());
        var e = Assert.Throws<OnnxFormatException>(() => reader.GetFloatInitializer("W", [3, 4]));
        Assert.Contains("expected [3, 4]", e.Message);
        Assert.Contains("[4, 3]", e.Message);
    }

    [Fact]
    public void GetFloatInitializer_Int64Tensor_SaysTheType()
    {
        var graph = new OnnxGraphBuilder();
        graph.AddInt64Initializer("axes", [0, 1], [2]);
        graph.AddInput("x", 1);
        graph.AddNode("Relu", ["x"], ["y"]);
        graph.AddOutput("y", 1);
        var reader = OnnxModelReader.Parse(new OnnxModelWriter(graph).ToArray());

        var e = Assert.Throws<OnnxFormatException>(() => reader.GetFloatInitializer("axes", [2]));

        Assert.Contains("INT64", e.Message);
    }

    [Fact]
    public void GetFloatInitializer_RawDataOfWrongLength_Throws()
    {
        var tensor = new TensorProto { Name = "w", DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(new byte[7]) };
        tensor.Dims.Add(2);
        var e = Assert.Throws<OnnxFormatException>(() => OnnxModelReader.Parse(ModelWith(tensor)).GetFloatInitializer("w", [2]));
        Assert.Contains("7 bytes", e.Message);
    }

    [Fact]
    public void GetFloatInitializer_FloatDataOfWrongCount_Throws()
    {
        var tensor = new TensorProto { Name = "w", DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.Add(3);
        tensor.FloatData.Add(1f);
        var e = Assert.Throws<OnnxFormatException>(() => OnnxModelReader.Parse(ModelWith(tensor)).GetFloatInitializer("w", [3]));
        Assert.Contains("1 values", e.Message);
    }

    [Fact]
    public void GetFloatInitializer_ExternalData_Throws()
    {
        var tensor = new TensorProto { Name = "w", DataType = (int)TensorProto.Types.DataType.Float, DataLocation = TensorProto.Types.DataLocation.External };
        tensor.Dims.Add(1);
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = "w.bin" });
        var e = Assert.Throws<OnnxFormatException>(() => OnnxModelReader.Parse(ModelWith(tensor)).GetFloatInitializer("w", [1]));
        Assert.Contains("external", e.Message);
    }

    [Fact]
    public void Parse_DuplicateInitializer_Throws()
    {
        var a = new TensorProto { Name = "w", DataType = 1 };
        var e = Assert.Throws<OnnxFormatException>(() => OnnxModelReader.Parse(ModelWith(a, a.Clone())));
        Assert.Equal("w", e.TensorName);
    }

    [Fact]
    public void Parse_NotProtobuf_ThrowsOnnxFormatException()
    {
        Assert.Throws<OnnxFormatException>(() => OnnxModelReader.Parse("NMMODEL\x1A garbage that is not protobuf"u8));
    }

    [Fact]
    public void Parse_RandomMutationsOfAValidModel_ReadOrThrowOnnxFormatException()
    {
        byte[] valid = new OnnxModelWriter(OnnxTestGraphs.Linear()).ToArray();
        var random = new Random(2024);
        for (int i = 0; i < 2000; i++)
        {
            byte[] mutant = (byte[])valid.Clone();
            mutant[random.Next(mutant.Length)] = (byte)random.Next(256);
            if (random.Next(4) == 0)
            {
                mutant = mutant[..random.Next(mutant.Length)];
            }

            try
            {
                var reader = OnnxModelReader.Parse(mutant);
                foreach (string name in reader.InitializerNames)
                {
                    _ = reader.GetFloatInitializer(name, reader.GetInitializerShape(name));
                }
            }
            catch (OnnxFormatException)
            {
                // Expected for most mutants.
            }
        }
    }

    private static byte[] ModelWith(params TensorProto[] initializers)
    {
        var model = new ModelProto { IrVersion = 8, Graph = new GraphProto { Name = "g" } };
        model.OpsetImport.Add(new OperatorSetIdProto { Version = 17 });
        model.Graph.Initializer.Add(initializers);
        return model.ToByteArray();
    }
}
