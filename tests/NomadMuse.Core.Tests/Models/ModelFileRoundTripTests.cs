using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using NomadMuse.Core.Models;
using NomadMuse.Core.Training;
using static NomadMuse.Core.Tests.Models.ModelFileTestData;

namespace NomadMuse.Core.Tests.Models;

public sealed class ModelFileRoundTripTests
{
    [Fact]
    public void Read_OfWrittenFile_RestoresMetadataAndTensorsBitExactly()
    {
        var original = Sample();
        var loaded = ReadBytes(original.ToArray());

        Assert.Equal("gru-lm", loaded.Metadata.Architecture);
        Assert.Equal(original.Metadata.Vocabulary, loaded.Metadata.Vocabulary);
        Assert.Equal(8, loaded.Metadata.Hyperparameters["hidden"]);
        Assert.Equal(0.1 + 0.2, loaded.Metadata.Metrics["loss"]);
        Assert.Equal("sha256:0123abcd", loaded.Metadata.TrainingDataHash);
        Assert.Equal(original.Metadata.CreatedUtc, loaded.Metadata.CreatedUtc);
        Assert.Equal("adamw", (string?)loaded.Metadata.Extra["optimizer"]!["name"]);
        Assert.Equal(original.Tensors.Select(t => t.Name), loaded.Tensors.Select(t => t.Name));
        for (int i = 0; i < original.Tensors.Count; i++)
        {
            var a = original.Tensors[i];
            var b = loaded.Tensors[i];
            Assert.Equal(a.Type, b.Type);
            Assert.True(b.HasShape(a.Shape));
            if (a.Type == ModelTensorType.Float32)
            {
                Assert.Equal(BitsOf(a.Float32Values), BitsOf(b.Float32Values));
            }
            else
            {
                Assert.Equal(a.Int8Values.ToArray(), b.Int8Values.ToArray());
                Assert.Equal(BitsOf(a.RowScales), BitsOf(b.RowScales));
            }
        }
    }

    [Fact]
    public void Write_OfReadFile_ReproducesTheSameBytes()
    {
        byte[] first = Sample().ToArray();
        byte[] second = ReadBytes(first).ToArray();
        Assert.Equal(first, second);
    }

    [Fact]
    public void Write_ToAStream_LeavesItOpenAtTheEnd()
    {
        using var stream = new MemoryStream();
        stream.WriteByte(42);
        Sample().Write(stream);
        Assert.True(stream.CanWrite);
        Assert.Equal(Sample().ToArray(), stream.ToArray()[1..]);
    }

    [Fact]
    public void Read_SpecialFloatValues_SurviveBitExactly()
    {
        float[] special = [0f, -0f, float.Epsilon, -float.Epsilon, float.MaxValue, float.MinValue, float.PositiveInfinity,
            float.NegativeInfinity, BitConverter.Int32BitsToSingle(0x7FC0_1234), 1e-40f];
        var file = new ModelFile(new ModelMetadata("x"));
        file.Add(ModelTensor.FromFloat32("special", [special.Length], special));

        var loaded = ReadBytes(file.ToArray());

        Assert.Equal(BitsOf(special), BitsOf(loaded.GetTensor("special").Float32Values));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4096)]
    public void Read_NonSeekableStreamInSmallChunks_LoadsTheSameFile(int chunk)
    {
        byte[] bytes = Sample().ToArray();
        var loaded = ModelFile.Read(new TrickleStream(bytes, chunk));
        Assert.Equal(bytes, loaded.ToArray());
    }

    [Fact]
    public void Read_LargeTensorFromNonSeekableStream_LoadsIt()
    {
        // Larger than the reader's eager-allocation limit, so the grow-as-it-arrives path runs.
        var random = new Random(5);
        float[] big = RandomFloats(random, 5_000_000);
        var file = new ModelFile(new ModelMetadata("big"));
        file.Add(ModelTensor.FromFloat32("w", [5000, 1000], big));
        byte[] bytes = file.ToArray();

        var loaded = ModelFile.Read(new TrickleStream(bytes, 1 << 20));

        Assert.Equal(BitsOf(big), BitsOf(loaded.GetTensor("w", [5000, 1000]).Float32Values));
    }

    [Fact]
    public void Write_MinimalFile_MatchesTheDocumentedByteLayout()
    {
        var file = new ModelFile(new ModelMetadata("t"));
        file.Add(ModelTensor.FromFloat32("a", [2], [1.5f, -2f]));
        file.Add(ModelTensor.FromInt8("q", [2, 1], [(sbyte)-3, (sbyte)127], [0.5f, 2f]));

        // Assembled by hand from docs/model-format.md.
        var expected = new List<byte>();
        expected.AddRange("NMMODEL\x1A"u8.ToArray());
        expected.AddRange([1, 0, 0, 0]);
        byte[] json = Encoding.UTF8.GetBytes("""{"architecture":"t","hyperparameters":{},"vocabulary":[],"metrics":{},"extra":{}}""");
        expected.AddRange(LittleEndian((uint)json.Length));
        expected.AddRange(json);
        expected.AddRange(LittleEndian(2u));
        expected.AddRange([1, 0, (byte)'a', 1, 1, 2, 0, 0, 0]);
        expected.AddRange([0x00, 0x00, 0xC0, 0x3F, 0x00, 0x00, 0x00, 0xC0]); // 1.5f, -2f
        expected.AddRange([1, 0, (byte)'q', 2, 2, 2, 0, 0, 0, 1, 0, 0, 0]);
        expected.AddRange([0x00, 0x00, 0x00, 0x3F, 0x00, 0x00, 0x00, 0x40]); // scales 0.5f, 2f
        expected.AddRange([0xFD, 0x7F]); // -3, 127
        expected.AddRange(SHA256.HashData(expected.ToArray()));

        Assert.Equal(expected.ToArray(), file.ToArray());
    }

    [Fact]
    public void CopyTo_Int8Tensor_DequantizesPerRow()
    {
        var tensor = ModelTensor.FromInt8("q", [2, 3], [1, -2, 127, -128, 0, 4], [0.5f, 0.25f]);
        Assert.Equal([0.5f, -1f, 63.5f, -32f, 0f, 1f], tensor.ToFloatArray());
    }

    [Fact]
    public void CopyTo_Int8RankOneTensor_UsesOneScaleForEverything()
    {
        var tensor = ModelTensor.FromInt8("q", [3], [2, -4, 6], [0.5f]);
        Assert.Equal(1, tensor.RowCount);
        Assert.Equal([1f, -2f, 3f], tensor.ToFloatArray());
    }

    [Fact]
    public void CopyToParameters_AfterAddParametersAndReload_RestoresValues()
    {
        var random = new Random(9);
        var w = new Parameter("layer.w", 3, 4);
        var b = new Parameter("layer.b", 3);
        RandomFloats(random, 12).CopyTo(w.Value, 0);
        RandomFloats(random, 3).CopyTo(b.Value, 0);
        var file = new ModelFile(new ModelMetadata("linear"));
        file.AddParameters([w, b]);

        var loaded = ReadBytes(file.ToArray());
        var w2 = new Parameter("layer.w", 3, 4);
        var b2 = new Parameter("layer.b", 3);
        loaded.CopyToParameters([b2, w2]);

        Assert.Equal(w.Value, w2.Value);
        Assert.Equal(b.Value, b2.Value);
    }

    [Fact]
    public void Save_OverAnExistingFile_ReplacesItAndLeavesNoTemporaryFile()
    {
        string dir = Directory.CreateTempSubdirectory("nmm-save-").FullName;
        try
        {
            string path = Path.Combine(dir, "model.nmm");
            File.WriteAllText(path, "old content");
            var file = Sample();

            file.Save(path);

            Assert.Equal(file.ToArray(), File.ReadAllBytes(path));
            Assert.Equal(["model.nmm"], Directory.GetFiles(dir).Select(Path.GetFileName));
            Assert.Equal(file.ToArray(), ModelFile.Load(path).ToArray());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void GetTensor_WithMatchingShape_ReturnsIt()
    {
        var file = Sample();
        Assert.Equal("gru.w_ih", file.GetTensor("gru.w_ih", [6, 4]).Name);
        Assert.True(file.TryGetTensor("head.w", out var head));
        Assert.Equal(ModelTensorType.Int8, head.Type);
        Assert.False(file.TryGetTensor("nope", out _));
    }

    private static int[] BitsOf(ReadOnlySpan<float> values)
    {
        var bits = new int[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            bits[i] = BitConverter.SingleToInt32Bits(values[i]);
        }

        return bits;
    }

    private static byte[] LittleEndian(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return bytes;
    }
}
