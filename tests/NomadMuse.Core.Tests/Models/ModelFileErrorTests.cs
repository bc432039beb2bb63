using System.Buffers.Binary;
using NomadMuse.Core.Models;
using NomadMuse.Core.Training;
using static NomadMuse.Core.Tests.Models.ModelFileTestData;

namespace NomadMuse.Core.Tests.Models;

public sealed class ModelFileErrorTests
{
    [Fact]
    public void Read_WrongMagic_ThrowsAtOffsetZero()
    {
        byte[] bytes = Sample().ToArray();
        bytes[0] = (byte)'X';
        var e = Assert.Throws<ModelFormatException>(() => ReadBytes(bytes));
        Assert.Equal(0, e.Offset);
        Assert.Contains("magic", e.Message);
    }

    [Fact]
    public void Read_UnsupportedVersion_ThrowsAtOffsetEight()
    {
        byte[] bytes = Sample().ToArray();
        bytes[8] = 2;
        var e = Assert.Throws<ModelFormatException>(() => ReadBytes(Reseal(bytes)));
        Assert.Equal(8, e.Offset);
        Assert.Contains("version 2", e.Message);
    }

    [Fact]
    public void Read_EveryTruncation_ThrowsModelFormatException()
    {
        byte[] bytes = Sample().ToArray();
        for (int length = 0; length < bytes.Length; length++)
        {
            var e = Assert.Throws<ModelFormatException>(() => ReadBytes(bytes[..length]));
            Assert.True(e.Offset >= 0 && e.Offset <= length, $"length {length}: offset {e.Offset}");
            Assert.Contains("truncated", e.Message);
        }
    }

    [Fact]
    public void Read_FlippedDataByte_ReportsChecksumMismatch()
    {
        byte[] bytes = Sample().ToArray();
        bytes[^40] ^= 0x10; // inside the last tensor's data: structure stays valid
        var e = Assert.Throws<ModelFormatException>(() => ReadBytes(bytes));
        Assert.Contains("checksum mismatch", e.Message);
        Assert.Equal(bytes.Length - ModelFile.ChecksumLength, e.Offset);
    }

    [Fact]
    public void Read_TrailingBytes_Throws()
    {
        byte[] bytes = [.. Sample().ToArray(), 0];
        var e = Assert.Throws<ModelFormatException>(() => ReadBytes(bytes));
        Assert.Contains("after the checksum", e.Message);
    }

    [Fact]
    public void Read_DuplicateTensorName_NamesTheTensorAndItsOffset()
    {
        var file = new ModelFile(new ModelMetadata("t"));
        file.Add(ModelTensor.FromFloat32("aa", [1], [1f]));
        file.Add(ModelTensor.FromFloat32("ab", [1], [2f]));
        byte[] bytes = file.ToArray();
        int record = IndexOf(bytes, [2, 0, (byte)'a', (byte)'b']);
        bytes[record + 3] = (byte)'a'; // rename "ab" to "aa"

        var e = Assert.Throws<ModelFormatException>(() => ReadBytes(Reseal(bytes)));

        Assert.Equal("aa", e.TensorName);
        Assert.Equal(record, e.Offset);
        Assert.Contains("duplicate", e.Message);
    }

    [Fact]
    public void Read_NonPositiveDimension_NamesTheTensor()
    {
        var file = new ModelFile(new ModelMetadata("t"));
        file.Add(ModelTensor.FromFloat32("w", [2], [1f, 2f]));
        byte[] bytes = file.ToArray();
        int dim = IndexOf(bytes, [1, 0, (byte)'w', 1, 1]) + 5;
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(dim), -2);

        var e = Assert.Throws<ModelFormatException>(() => ReadBytes(Reseal(bytes)));

        Assert.Equal("w", e.TensorName);
        Assert.Equal(dim, e.Offset);
    }

    [Fact]
    public void Read_HugeDimensionOnNonSeekableStream_ReportsTruncationInsteadOfAllocating()
    {
        var file = new ModelFile(new ModelMetadata("t"));
        file.Add(ModelTensor.FromFloat32("w", [2], [1f, 2f]));
        byte[] bytes = file.ToArray();
        int dim = IndexOf(bytes, [1, 0, (byte)'w', 1, 1]) + 5;
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(dim), 500_000_000);

        var e = Assert.Throws<ModelFormatException>(() => ModelFile.Read(new TrickleStream(Reseal(bytes), 4096)));

        Assert.Contains("truncated", e.Message);
        Assert.Equal("w", e.TensorName);
    }

    [Fact]
    public void Read_MalformedMetadataJson_ThrowsWithOffsetInsideTheHeader()
    {
        byte[] bytes = Sample().ToArray();
        bytes[16] = (byte)'['; // the JSON's opening brace
        var e = Assert.Throws<ModelFormatException>(() => ReadBytes(Reseal(bytes)));
        Assert.InRange(e.Offset, 16, 16 + BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12)));
        Assert.Contains("metadata JSON", e.Message);
    }

    [Fact]
    public void GetTensor_WrongShape_SaysExpectedAndActual()
    {
        var e = Assert.Throws<ModelFormatException>(() => Sample().GetTensor("gru.w_ih", [4, 6]));
        Assert.Equal("gru.w_ih", e.TensorName);
        Assert.Contains("expected [4×6]", e.Message);
        Assert.Contains("[6×4]", e.Message);
    }

    [Fact]
    public void GetTensor_Missing_ListsWhatTheFileHas()
    {
        var e = Assert.Throws<ModelFormatException>(() => Sample().GetTensor("gru.w_hh"));
        Assert.Equal("gru.w_hh", e.TensorName);
        Assert.Contains("gru.w_ih", e.Message);
    }

    [Fact]
    public void CopyToParameters_ShapeMismatch_Throws()
    {
        var e = Assert.Throws<ModelFormatException>(() => Sample().CopyToParameters([new Parameter("gru.b_ih", 7)]));
        Assert.Equal("gru.b_ih", e.TensorName);
    }

    [Fact]
    public void Add_DuplicateName_ThrowsArgumentException()
    {
        var file = Sample();
        Assert.Throws<ArgumentException>(() => file.Add(ModelTensor.FromFloat32("gru.b_ih", [1], [0f])));
    }

    [Theory]
    [InlineData(new int[0], 0)]
    [InlineData(new[] { 2, 0 }, 0)]
    [InlineData(new[] { 2, 3 }, 5)]
    [InlineData(new[] { 1, 1, 1, 1, 1, 1, 1, 1, 1 }, 1)]
    public void FromFloat32_InvalidShapeOrLength_ThrowsArgumentException(int[] shape, int length)
    {
        Assert.Throws<ArgumentException>(() => ModelTensor.FromFloat32("w", shape, new float[length]));
    }

    [Fact]
    public void FromInt8_WrongScaleCountOrNaNScale_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => ModelTensor.FromInt8("q", [2, 2], new sbyte[4], [1f]));
        Assert.Throws<ArgumentException>(() => ModelTensor.FromInt8("q", [2, 2], new sbyte[4], [1f, float.NaN]));
    }

    [Fact]
    public void Write_NaNMetric_ThrowsInvalidOperation()
    {
        var file = Sample();
        file.Metadata.Metrics["bad"] = double.NaN;
        Assert.Throws<InvalidOperationException>(() => file.ToArray());
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        int at = haystack.AsSpan().IndexOf(needle);
        Assert.True(at >= 0);
        return at;
    }
}
