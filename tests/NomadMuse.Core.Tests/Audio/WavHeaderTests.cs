using NomadMuse.Core.Audio;
using static NomadMuse.Core.Tests.Audio.WavBytes;

namespace NomadMuse.Core.Tests.Audio;

public sealed class WavHeaderTests
{
    private static WavReader Open(byte[] bytes) => new(new MemoryStream(bytes));

    private static float[] ReadAllFrames(WavReader reader)
    {
        var all = new List<float>();
        var block = new float[reader.Channels * 3];
        int n;
        while ((n = reader.ReadFrames(block)) > 0)
        {
            all.AddRange(block.AsSpan(0, n * reader.Channels).ToArray());
        }

        return all.ToArray();
    }

    [Fact]
    public void Read_ExtensibleFloatQuad_ParsesMaskAndSamples()
    {
        byte[] samples = Concat(BitConverter.GetBytes(0.5f), BitConverter.GetBytes(-0.25f), BitConverter.GetBytes(1f), BitConverter.GetBytes(0f),
            BitConverter.GetBytes(-1f), BitConverter.GetBytes(0.125f), BitConverter.GetBytes(2f), BitConverter.GetBytes(-3f));
        byte[] file = Riff(Chunk("fmt ", FmtExtensible(4, 48000, 32, 32, 0x33, 3)), Chunk("fact", U32(2)), Chunk("data", samples));

        using WavReader reader = Open(file);

        Assert.Equal(WavEncoding.Float32, reader.Format.Encoding);
        Assert.True(reader.Format.IsExtensible);
        Assert.Equal(0x33u, reader.Format.ChannelMask);
        Assert.Equal(4, reader.Format.Channels);
        Assert.Equal(48000, reader.Format.SampleRate);
        Assert.Equal(2, reader.Format.FrameCount);
        Assert.Equal([0.5f, -0.25f, 1f, 0f, -1f, 0.125f, 2f, -3f], ReadAllFrames(reader));
    }

    [Fact]
    public void Read_Extensible24In32Container_UsesContainerScaleAndReportsValidBits()
    {
        // 24 valid bits left-justified in a 32-bit container: 0x40000000 is +0.5 of full scale.
        byte[] file = Riff(Chunk("fmt ", FmtExtensible(1, 44100, 32, 24, 0x4, 1)), Chunk("data", Concat(U32(0x40000000), U32(0xC0000000))));

        using WavReader reader = Open(file);

        Assert.Equal(WavEncoding.Pcm32, reader.Format.Encoding);
        Assert.Equal(24, reader.Format.ValidBitsPerSample);
        Assert.Equal([0.5f, -0.5f], ReadAllFrames(reader));
    }

    [Fact]
    public void Read_Extensible24BitStereo_HandBuiltBytes()
    {
        // 0x7FFFFF = 8388607/8388608, 0x800000 = -1, 0x000001 = 2^-23, 0xFFFFFF = -2^-23.
        byte[] data = [0xFF, 0xFF, 0x7F, 0x00, 0x00, 0x80, 0x01, 0x00, 0x00, 0xFF, 0xFF, 0xFF];
        byte[] file = Riff(Chunk("fmt ", FmtExtensible(2, 96000, 24, 24, 0x3, 1)), Chunk("data", data));

        using WavReader reader = Open(file);

        Assert.Equal(WavEncoding.Pcm24, reader.Format.Encoding);
        Assert.Equal([8388607f / 8388608f, -1f, 1f / 8388608f, -1f / 8388608f], ReadAllFrames(reader));
    }

    [Fact]
    public void Read_UnsupportedSubFormat_Throws()
    {
        byte[] fmt = FmtExtensible(1, 8000, 16, 16, 0, 1);
        fmt[26] = 0x01; // corrupt the GUID suffix
        var ex = Assert.Throws<WavFormatException>(() => Open(Riff(Chunk("fmt ", fmt), Chunk("data", new byte[2]))));
        Assert.Equal(20 + 24, ex.Offset);
        Assert.Contains("sub-format", ex.Message);
    }

    [Fact]
    public void Read_OddSizedUnknownChunksBeforeAndAfter_AreSkippedWithPadding()
    {
        byte[] file = Riff(Chunk("LIST", Ascii("INFOabc")), Chunk("fmt ", Fmt(1, 1, 8000, 16)), Chunk("junk", [1, 2, 3]),
            Chunk("data", Int16s(16384, -16384, 1)), Chunk("LIST", Ascii("x")));

        using WavReader reader = Open(file);

        Assert.Equal(3, reader.Format.FrameCount);
        Assert.False(reader.IsTruncated);
        Assert.Equal([0.5f, -0.5f, 1f / 32768f], ReadAllFrames(reader));
    }

    [Fact]
    public void Read_OddSizedDataChunk8Bit_ReadsAllFrames()
    {
        byte[] file = Riff(Chunk("fmt ", Fmt(1, 1, 8000, 8)), Chunk("data", [0, 128, 255]));
        using WavReader reader = Open(file);
        Assert.Equal([-1f, 0f, 127f / 128f], ReadAllFrames(reader));
    }

    [Fact]
    public void Read_Float64_ConvertsToFloat()
    {
        byte[] file = Riff(Chunk("fmt ", Fmt(3, 1, 8000, 64)), Chunk("data", Concat(BitConverter.GetBytes(0.1), BitConverter.GetBytes(-0.75))));
        using WavReader reader = Open(file);
        Assert.Equal(WavEncoding.Float64, reader.Format.Encoding);
        Assert.Equal([(float)0.1, -0.75f], ReadAllFrames(reader));
    }

    [Fact]
    public void Read_Rf64WithDs64_UsesDs64DataSize()
    {
        byte[] ds64 = Concat(U64(0), U64(6), U64(3), U32(0));
        byte[] body = Concat(Ascii("WAVE"), Chunk("ds64", ds64), Chunk("fmt ", Fmt(1, 1, 8000, 16)), Chunk("data", Int16s(1, 2, 3), uint.MaxValue));
        byte[] file = Concat(Ascii("RF64"), U32(uint.MaxValue), body);

        using WavReader reader = Open(file);

        Assert.True(reader.Format.IsRf64);
        Assert.Equal(3, reader.Format.FrameCount);
        Assert.Equal([1f / 32768, 2f / 32768, 3f / 32768], ReadAllFrames(reader));
    }

    [Fact]
    public void Read_OpenDataSizeOnSeekableStream_ReadsToEnd()
    {
        byte[] file = Riff(Chunk("fmt ", Fmt(1, 1, 8000, 16)), Chunk("data", Int16s(5, 6), uint.MaxValue));
        using WavReader reader = Open(file);
        Assert.Equal(2, reader.Format.FrameCount);
        Assert.False(reader.IsTruncated);
    }

    [Fact]
    public void Read_TruncatedData_ReadsWholeFramesPresentAndReportsIt()
    {
        // Declares 4 stereo 16-bit frames (16 bytes) but holds 2 frames and half of a third.
        byte[] file = Riff(Chunk("fmt ", Fmt(1, 2, 8000, 16)), Concat(Ascii("data"), U32(16), Int16s(1, 2, 3, 4, 5)));

        using WavReader reader = Open(file);

        Assert.True(reader.IsTruncated);
        Assert.Equal(2, reader.Format.FrameCount);
        Assert.Equal(4, ReadAllFrames(reader).Length);
    }

    [Fact]
    public void Read_TruncatedDataOnNonSeekableStream_ReportsAfterReading()
    {
        byte[] file = Riff(Chunk("fmt ", Fmt(1, 2, 8000, 16)), Concat(Ascii("data"), U32(16), Int16s(1, 2, 3, 4, 5)));

        using var reader = new WavReader(new ForwardOnlyStream(file));

        Assert.Equal(4, reader.Format.FrameCount);
        Assert.False(reader.IsTruncated);
        Assert.Equal([1f / 32768, 2f / 32768, 3f / 32768, 4f / 32768], ReadAllFrames(reader));
        Assert.True(reader.IsTruncated);
        Assert.Throws<NotSupportedException>(() => reader.Seek(0));
    }

    [Fact]
    public void ReadAll_NonSeekableOpenSize_ReadsEverything()
    {
        short[] values = Enumerable.Range(0, 70000).Select(i => (short)(i % 30000)).ToArray();
        byte[] file = Riff(Chunk("LIST", [1, 2, 3]), Chunk("fmt ", Fmt(1, 1, 8000, 16)), Chunk("data", Int16s(values), uint.MaxValue));

        AudioBuffer buffer = WavFile.ReadAll(new ForwardOnlyStream(file));

        Assert.Equal(values.Length, buffer.FrameCount);
        Assert.Equal(values[^1] / 32768f, buffer.Samples[^1]);
    }

    public static TheoryData<string, byte[], long, string> CorruptFiles()
    {
        byte[] fmt16 = Chunk("fmt ", Fmt(1, 1, 8000, 16));
        byte[] data = Chunk("data", Int16s(1, 2));
        return new TheoryData<string, byte[], long, string>
        {
            { "empty", [], 0, "shorter than" },
            { "not RIFF", Concat(Ascii("RIFX"), U32(4), Ascii("WAVE")), 0, "not a RIFF file" },
            { "not WAVE", Concat(Ascii("RIFF"), U32(4), Ascii("AVI ")), 8, "not 'WAVE'" },
            { "no fmt", Riff(Chunk("LIST", [1, 2])), 22, "no 'fmt ' chunk" },
            { "no data", Riff(fmt16), 36, "no 'data' chunk" },
            { "data before fmt", Riff(data, fmt16), 12, "before the 'fmt ' chunk" },
            { "zero channels", Riff(Chunk("fmt ", Fmt(1, 0, 8000, 16, blockAlign: 2)), data), 22, "zero channels" },
            { "zero rate", Riff(Chunk("fmt ", Fmt(1, 1, 0, 16)), data), 24, "sample rate" },
            { "block align", Riff(Chunk("fmt ", Fmt(1, 2, 8000, 16, blockAlign: 2)), data), 32, "block align 2" },
            { "short fmt", Riff(Chunk("fmt ", new byte[14]), data), 12, "fewer than the 16" },
            { "ADPCM", Riff(Chunk("fmt ", Fmt(2, 1, 8000, 4, blockAlign: 1)), data), 20, "format tag 0x0002" },
            { "float 16", Riff(Chunk("fmt ", Fmt(3, 1, 8000, 16)), data), 34, "IEEE float sample size of 16" },
            { "pcm 40", Riff(Chunk("fmt ", Fmt(1, 1, 8000, 40)), data), 34, "integer PCM sample size of 40" },
            { "chunk past end", Riff(fmt16, Chunk("LIST", [1, 2], declaredSize: 1000)), 36, "claims" },
            { "second fmt", Riff(fmt16, fmt16, data), 36, "second 'fmt ' chunk" },
            { "short extensible", Riff(Chunk("fmt ", Concat(Fmt(0xFFFE, 1, 8000, 16), U16(0))), data), 20, "EXTENSIBLE" },
            { "rf64 without ds64", Concat(Ascii("RF64"), U32(uint.MaxValue), Ascii("WAVE"), fmt16, data), 12, "'ds64'" },
        };
    }

    [Theory]
    [MemberData(nameof(CorruptFiles))]
    public void Read_CorruptHeader_ThrowsWithProblemAndOffset(string name, byte[] file, long offset, string problem)
    {
        var ex = Assert.Throws<WavFormatException>(() => Open(file));
        Assert.True(ex.Offset == offset, $"{name}: offset {ex.Offset}, expected {offset} ({ex.Message})");
        Assert.Contains(problem, ex.Message);
        Assert.Contains($"offset {offset}", ex.Message);
    }

    [Fact]
    public void Read_StreamNotAtStart_OffsetsAreRelativeToWavStart()
    {
        byte[] wav = Riff(Chunk("fmt ", Fmt(1, 1, 8000, 16)), Chunk("data", Int16s(100, 200)));
        var stream = new MemoryStream(Concat(new byte[7], wav));
        stream.Position = 7;

        using var reader = new WavReader(stream);
        var frames = new float[2];
        reader.Seek(1);

        Assert.Equal(1, reader.ReadFrames(frames));
        Assert.Equal(200f / 32768, frames[0]);
    }

    [Fact]
    public void Format_HugeDs64SizeOnForwardOnlyStream_DurationSaturates()
    {
        byte[] ds64 = Concat(U64(0), U64(long.MaxValue), U64(0), U32(0));
        byte[] file = Concat(Ascii("RF64"), U32(uint.MaxValue), Ascii("WAVE"), Chunk("ds64", ds64),
            Chunk("fmt ", Fmt(1, 1, 1, 8)), Chunk("data", [128, 255], uint.MaxValue));

        using var reader = new WavReader(new ForwardOnlyStream(file));

        Assert.Equal(long.MaxValue, reader.Format.FrameCount);
        Assert.Equal(TimeSpan.MaxValue, reader.Format.Duration);
        Assert.Equal(2, WavFile.ReadAll(new ForwardOnlyStream(file)).FrameCount);
    }
}
