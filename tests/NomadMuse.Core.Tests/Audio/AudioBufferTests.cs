using NomadMuse.Core.Audio;

namespace NomadMuse.Core.Tests.Audio;

public sealed class AudioBufferTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(8)]
    public void DownmixToMono_MatchesNaiveMean(int channels)
    {
        var rng = new Random(channels);
        float[] interleaved = Enumerable.Range(0, channels * 257).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var mono = new float[257];

        int frames = AudioBuffer.DownmixToMono(interleaved, channels, mono);

        Assert.Equal(257, frames);
        for (int f = 0; f < frames; f++)
        {
            double mean = 0;
            for (int c = 0; c < channels; c++)
            {
                mean += interleaved[f * channels + c];
            }

            mean /= channels;
            Assert.True(Math.Abs(mono[f] - mean) < 1e-6, $"frame {f}: {mono[f]} vs {mean}");
        }
    }

    [Fact]
    public void DownmixToMono_HandComputedStereo()
    {
        var mono = new float[3];
        AudioBuffer.DownmixToMono([1f, 1f, 1f, -1f, 0.5f, 0.25f], 2, mono);
        Assert.Equal([1f, 0f, 0.375f], mono);
    }

    [Fact]
    public void DownmixToMono_DoesNotAllocate()
    {
        float[] interleaved = new float[6 * 480];
        var mono = new float[480];
        AudioBuffer.DownmixToMono(interleaved, 6, mono);
        AudioBuffer.DownmixToMono(interleaved.AsSpan(0, 960), 2, mono);

        long bytes = AllocationProbe.MinAllocatedBytes(
            () =>
            {
                AudioBuffer.DownmixToMono(interleaved, 6, mono);
                AudioBuffer.DownmixToMono(interleaved.AsSpan(0, 960), 2, mono);
                AudioBuffer.DownmixToMono(interleaved.AsSpan(0, 480), 1, mono);
            });

        Assert.Equal(0, bytes);
    }

    [Fact]
    public void DownmixToMono_ShortOutput_Throws()
    {
        Assert.Throws<ArgumentException>(() => AudioBuffer.DownmixToMono(new float[8], 2, new float[3]));
    }

    [Fact]
    public void ToMono_Stereo_ReturnsMeanBuffer()
    {
        var buffer = new AudioBuffer(44100, 2, [0.5f, -0.5f, 1f, 0f]);
        AudioBuffer mono = buffer.ToMono();
        Assert.Equal(1, mono.Channels);
        Assert.Equal(44100, mono.SampleRate);
        Assert.Equal([0f, 0.5f], mono.Samples);
    }

    [Fact]
    public void Constructor_PartialFrame_Throws()
    {
        Assert.Throws<ArgumentException>(() => new AudioBuffer(8000, 2, new float[3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AudioBuffer(0, 2, new float[2]));
    }
}
