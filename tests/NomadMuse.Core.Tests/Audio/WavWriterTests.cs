using NomadMuse.Core.Audio;
using static NomadMuse.Core.Tests.Audio.WavBytes;

namespace NomadMuse.Core.Tests.Audio;

public sealed class WavWriterTests
{
    [Fact]
    public void Write_Pcm16Stereo_ProducesCanonical44ByteHeader()
    {
        var stream = new MemoryStream();
        using (var writer = new WavWriter(stream, 44100, 2, WavEncoding.Pcm16, leaveOpen: true))
        {
            writer.WriteFrames([0.5f, -0.5f]);
            writer.Complete();
        }

        byte[] expected = Riff(Chunk("fmt ", Fmt(1, 2, 44100, 16)), Chunk("data", Int16s(16384, -16384)));
        Assert.Equal(expected, stream.ToArray());
    }

    [Fact]
    public void Write_Float32Mono_HasFmt18AndFactChunk()
    {
        var stream = new MemoryStream();
        WavFile.Write(stream, new AudioBuffer(48000, 1, [0.25f, -1f, 2f]), WavEncoding.Float32);

        byte[] expected = Riff(Chunk("fmt ", Concat(Fmt(3, 1, 48000, 32), U16(0))), Chunk("fact", U32(3)),
            Chunk("data", Concat(BitConverter.GetBytes(0.25f), BitConverter.GetBytes(-1f), BitConverter.GetBytes(2f))));
        Assert.Equal(expected, stream.ToArray());
    }

    [Fact]
    public void Write_SixChannels24Bit_UsesExtensibleHeader()
    {
        var stream = new MemoryStream();
        using (var writer = new WavWriter(stream, 48000, 6, WavEncoding.Pcm24, channelMask: 0x3F, leaveOpen: true))
        {
            writer.WriteFrames(new float[6]);
            writer.Complete();
        }

        byte[] expected = Riff(Chunk("fmt ", FmtExtensible(6, 48000, 24, 24, 0x3F, 1)), Chunk("data", new byte[18]));
        Assert.Equal(expected, stream.ToArray());
    }

    [Fact]
    public void Write_OddDataSize_AddsPadByteAndKeepsDeclaredSize()
    {
        var stream = new MemoryStream();
        WavFile.Write(stream, new AudioBuffer(8000, 1, [0f, 0f, 0f]), WavEncoding.Pcm8);

        byte[] expected = Riff(Chunk("fmt ", Fmt(1, 1, 8000, 8)), Chunk("data", [128, 128, 128]));
        Assert.Equal(expected, stream.ToArray());
        Assert.Equal(48, expected.Length);
    }

    [Fact]
    public void Dispose_WithoutComplete_LeavesNoFileAndNoTemporary()
    {
        string folder = Directory.CreateTempSubdirectory("nm-wav-").FullName;
        try
        {
            string path = Path.Combine(folder, "partial.wav");
            using (var writer = new WavWriter(path, 8000, 1, WavEncoding.Pcm16))
            {
                writer.WriteFrames(new float[100]);
                Assert.Single(Directory.GetFiles(folder)); // the temporary file, in the target folder
                Assert.False(File.Exists(path));
            }

            Assert.Empty(Directory.GetFiles(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Complete_ExistingTarget_IsReplacedAtomically()
    {
        string folder = Directory.CreateTempSubdirectory("nm-wav-").FullName;
        try
        {
            string path = Path.Combine(folder, "take.wav");
            File.WriteAllText(path, "old contents");
            using (var writer = new WavWriter(path, 8000, 1, WavEncoding.Pcm16))
            {
                writer.WriteFrames(new float[10]);
                Assert.Equal("old contents", File.ReadAllText(path));
                writer.Complete();
            }

            Assert.Equal(10, WavFile.ReadAll(path).FrameCount);
            Assert.Single(Directory.GetFiles(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Complete_MoveFails_RemovesTemporaryAndThrows()
    {
        string folder = Directory.CreateTempSubdirectory("nm-wav-").FullName;
        try
        {
            // A directory sits where the file should go, so the final move must fail.
            string path = Path.Combine(folder, "blocked.wav");
            Directory.CreateDirectory(path);
            var writer = new WavWriter(path, 8000, 1, WavEncoding.Pcm16);
            writer.WriteFrames(new float[10]);

            Exception ex = Assert.ThrowsAny<Exception>(writer.Complete);

            Assert.True(ex is IOException or UnauthorizedAccessException, ex.GetType().Name);
            Assert.Empty(Directory.GetFiles(folder));
            Assert.True(Directory.Exists(path));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void WriteFrames_AfterComplete_Throws()
    {
        var writer = new WavWriter(new MemoryStream(), 8000, 1, WavEncoding.Pcm16);
        writer.Complete();
        Assert.Throws<InvalidOperationException>(() => writer.WriteFrames(new float[1]));
    }

    [Fact]
    public void WriteFrames_PartialFrame_Throws()
    {
        using var writer = new WavWriter(new MemoryStream(), 8000, 2, WavEncoding.Pcm16);
        Assert.Throws<ArgumentException>(() => writer.WriteFrames(new float[3]));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(8000, 0)]
    [InlineData(8000, 40000)]
    public void Constructor_BadFormat_ThrowsArgumentOutOfRange(int rate, int channels)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WavWriter(new MemoryStream(), rate, channels, WavEncoding.Pcm16));
    }

    [Fact]
    public void WriteFrames_LargerThanBlock_WritesAllInOrder()
    {
        float[] samples = Enumerable.Range(0, 3 * 50_000).Select(i => (i % 65536 - 32768) / 32768f).ToArray();
        var stream = new MemoryStream();
        WavFile.Write(stream, new AudioBuffer(8000, 3, samples), WavEncoding.Pcm16);
        stream.Position = 0;
        Assert.Equal(samples, WavFile.ReadAll(stream).Samples);
    }
}
