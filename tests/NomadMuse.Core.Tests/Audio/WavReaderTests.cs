using NomadMuse.Core.Audio;

namespace NomadMuse.Core.Tests.Audio;

public sealed class WavReaderTests
{
    private static MemoryStream MakeWav(int channels, int frames, WavEncoding encoding)
    {
        float[] samples = Enumerable.Range(0, channels * frames).Select(i => ((i * 37) % 2001 - 1000) / 1024f).ToArray();
        var stream = new MemoryStream();
        WavFile.Write(stream, new AudioBuffer(22050, channels, samples), encoding);
        stream.Position = 0;
        return stream;
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 7)]
    [InlineData(3, 4096)]
    public void ReadFrames_InBlocks_MatchesReadAll(int channels, int blockFrames)
    {
        MemoryStream stream = MakeWav(channels, 30_001, WavEncoding.Pcm24);
        float[] all = WavFile.ReadAll(stream).Samples;
        stream.Position = 0;

        using var reader = new WavReader(stream);
        var block = new float[blockFrames * channels];
        var streamed = new List<float>();
        int n;
        while ((n = reader.ReadFrames(block)) > 0)
        {
            streamed.AddRange(block.AsSpan(0, n * channels).ToArray());
        }

        Assert.Equal(all, streamed);
        Assert.Equal(30_001, reader.Position);
        Assert.Equal(0, reader.ReadFrames(block));
    }

    [Fact]
    public void Seek_ThenRead_ReturnsFramesFromThere()
    {
        MemoryStream stream = MakeWav(2, 1000, WavEncoding.Pcm16);
        float[] all = WavFile.ReadAll(stream).Samples;
        stream.Position = 0;
        using var reader = new WavReader(stream);
        var block = new float[2 * 10];

        reader.Seek(995);
        int n = reader.ReadFrames(block);

        Assert.Equal(5, n);
        Assert.Equal(all[(2 * 995)..], block[..10]);
        reader.Seek(0);
        Assert.Equal(10, reader.ReadFrames(block));
        Assert.Equal(all[..20], block);
        Assert.Throws<ArgumentOutOfRangeException>(() => reader.Seek(1001));
        Assert.Throws<ArgumentOutOfRangeException>(() => reader.Seek(-1));
    }

    [Fact]
    public void Format_ReportsDurationAndBits()
    {
        using var reader = new WavReader(MakeWav(2, 22050, WavEncoding.Pcm24));
        Assert.Equal(24, reader.Format.BitsPerSample);
        Assert.Equal(6, reader.Format.BlockAlign);
        Assert.Equal(TimeSpan.FromSeconds(1), reader.Format.Duration);
        Assert.Equal(22050, reader.Format.FrameCount);
    }

    [Fact]
    public void ReadFrames_BufferShorterThanFrame_Throws()
    {
        using var reader = new WavReader(MakeWav(3, 10, WavEncoding.Pcm16));
        Assert.Throws<ArgumentException>(() => reader.ReadFrames(new float[2]));
        Assert.Equal(0, reader.ReadFrames([]));
    }

    [Fact]
    public void ReadFrames_AfterWarmup_DoesNotAllocate()
    {
        string path = Path.Combine(Path.GetTempPath(), $"nm-alloc-{Guid.NewGuid():N}.wav");
        try
        {
            float[] samples = new float[2 * 48000];
            WavFile.Write(path, new AudioBuffer(48000, 2, samples), WavEncoding.Pcm16);
            using var reader = new WavReader(path);
            var block = new float[2 * 512];
            reader.ReadFrames(block);
            reader.Seek(0);
            reader.ReadFrames(block);

            int call = 0;
            long allocated = AllocationProbe.MinAllocatedBytes(
                () =>
                {
                    if (++call % 10 == 0)
                    {
                        reader.Seek(100);
                    }

                    reader.ReadFrames(block);
                },
                calls: 10);

            Assert.Equal(0, allocated);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ReadFrames_AfterDispose_Throws()
    {
        var reader = new WavReader(MakeWav(1, 10, WavEncoding.Pcm16));
        reader.Dispose();
        Assert.Throws<ObjectDisposedException>(() => reader.ReadFrames(new float[4]));
    }
}
