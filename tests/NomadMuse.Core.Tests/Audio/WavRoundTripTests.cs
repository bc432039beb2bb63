using NomadMuse.Core.Audio;

namespace NomadMuse.Core.Tests.Audio;

public sealed class WavRoundTripTests
{
    public static TheoryData<WavEncoding, int> EncodingsAndChannels()
    {
        var data = new TheoryData<WavEncoding, int>();
        foreach (WavEncoding e in Enum.GetValues<WavEncoding>())
        {
            foreach (int ch in new[] { 1, 2, 3, 6 })
            {
                data.Add(e, ch);
            }
        }

        return data;
    }

    /// <summary>Random samples on the encoding's grid (code / 2^(bits−1)), so integer round trips must be exact.</summary>
    private static float[] GridSamples(WavEncoding encoding, int count, int seed)
    {
        var rng = new Random(seed);
        int bits = WavEncodingInfo.BytesPerSample(encoding) * 8;
        var samples = new float[count];
        for (int i = 0; i < count; i++)
        {
            samples[i] = encoding switch
            {
                WavEncoding.Float32 or WavEncoding.Float64 => (float)((rng.NextDouble() * 4) - 2),
                // 32-bit codes with 24 significant bits are exactly representable as float.
                WavEncoding.Pcm32 => (rng.Next(-(1 << 23), 1 << 23) << 8) / 2147483648f,
                _ => rng.Next(-(1 << (bits - 1)), 1 << (bits - 1)) / (float)(1L << (bits - 1)),
            };
        }

        // Extremes of the grid.
        samples[0] = -1f;
        if (!WavEncodingInfo.IsFloat(encoding))
        {
            samples[1] = (float)(((1L << (bits - 1)) - (bits == 32 ? 256 : 1)) / (double)(1L << (bits - 1)));
        }

        return samples;
    }

    [Theory]
    [MemberData(nameof(EncodingsAndChannels))]
    public void WriteThenRead_GridSamples_AreExact(WavEncoding encoding, int channels)
    {
        float[] samples = GridSamples(encoding, channels * 1001, seed: 17 + channels);
        var stream = new MemoryStream();

        WavFile.Write(stream, new AudioBuffer(44100, channels, samples), encoding);
        stream.Position = 0;
        AudioBuffer back = WavFile.ReadAll(stream);

        Assert.Equal(44100, back.SampleRate);
        Assert.Equal(channels, back.Channels);
        Assert.Equal(samples, back.Samples);
    }

    [Theory]
    [MemberData(nameof(EncodingsAndChannels))]
    public void WriteThenRead_ArbitrarySamples_ErrorWithinHalfStep(WavEncoding encoding, int channels)
    {
        var rng = new Random(99);
        float[] samples = Enumerable.Range(0, channels * 500).Select(_ => (float)((rng.NextDouble() * 2) - 1)).ToArray();
        var stream = new MemoryStream();

        WavFile.Write(stream, new AudioBuffer(8000, channels, samples), encoding);
        stream.Position = 0;
        AudioBuffer back = WavFile.ReadAll(stream);

        int bits = WavEncodingInfo.BytesPerSample(encoding) * 8;
        // Half a quantisation step, plus float rounding of the decoded value for 32-bit integers.
        double bound = WavEncodingInfo.IsFloat(encoding) ? 0 : (0.5 / (1L << (bits - 1))) + (bits == 32 ? 6e-8 : 0);
        // The positive end saturates at the largest code, (2^(bits−1) − 1) / 2^(bits−1).
        double top = WavEncodingInfo.IsFloat(encoding) ? double.MaxValue : 1 - (1.0 / (1L << (bits - 1)));
        for (int i = 0; i < samples.Length; i++)
        {
            Assert.True(Math.Abs(back.Samples[i] - Math.Min(samples[i], top)) <= bound, $"{encoding} sample {i}: {samples[i]} → {back.Samples[i]}");
        }
    }

    [Fact]
    public void Write_Pcm16_ClipsRoundsTiesToEvenAndZeroesNaN()
    {
        float step = 1f / 32768f;
        float[] input = [1.5f, -2f, 1f, 0.5f * step, 1.5f * step, -2.5f * step, float.NaN, float.PositiveInfinity];
        var stream = new MemoryStream();

        WavFile.Write(stream, new AudioBuffer(8000, 1, input), WavEncoding.Pcm16);

        byte[] bytes = stream.ToArray();
        short[] codes = Enumerable.Range(0, input.Length).Select(i => BitConverter.ToInt16(bytes, 44 + (2 * i))).ToArray();
        Assert.Equal([32767, -32768, 32767, 0, 2, -2, 0, 32767], codes.Select(c => (int)c));
    }

    [Fact]
    public void Write_Pcm8_UsesOffsetBinary()
    {
        var stream = new MemoryStream();
        WavFile.Write(stream, new AudioBuffer(8000, 1, [-1f, 0f, 0.5f, 1f]), WavEncoding.Pcm8);
        Assert.Equal([0, 128, 192, 255], stream.ToArray()[44..48]);
    }

    [Fact]
    public void Write_Float32_KeepsOutOfRangeValues()
    {
        var stream = new MemoryStream();
        WavFile.Write(stream, new AudioBuffer(8000, 1, [3.5f, -7f]), WavEncoding.Float32);
        stream.Position = 0;
        Assert.Equal([3.5f, -7f], WavFile.ReadAll(stream).Samples);
    }

    [Fact]
    public void WriteFile_ThenReadFile_RoundTripsThroughDisk()
    {
        string folder = Directory.CreateTempSubdirectory("nm-wav-").FullName;
        try
        {
            string path = Path.Combine(folder, "tone.wav");
            float[] samples = Enumerable.Range(0, 2 * 4410).Select(i => MathF.Round(MathF.Sin(i * 0.01f) * 1000) / 32768f).ToArray();

            WavFile.Write(path, new AudioBuffer(44100, 2, samples), WavEncoding.Pcm16);
            AudioBuffer back = WavFile.ReadAll(path);

            Assert.Equal(samples, back.Samples);
            Assert.Equal(TimeSpan.FromSeconds(0.1), back.Duration);
            Assert.Equal(["tone.wav"], Directory.GetFiles(folder).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
