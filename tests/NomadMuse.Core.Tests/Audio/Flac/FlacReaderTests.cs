using NomadMuse.Core.Audio.Flac;
using Xunit.Abstractions;

namespace NomadMuse.Core.Tests.Audio.Flac;

/// <summary>
/// The reference here is the reference FLAC encoder/decoder (`flac`, Debian package `flac`): signals we generate are
/// encoded by it under many settings and must decode bit-exactly; real files must decode to exactly what `flac -d` gives.
/// </summary>
public sealed class FlacReaderTests
{
    private readonly ITestOutputHelper _output;

    public FlacReaderTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<int, int, int, string> EncoderSettings => new()
    {
        { 1, 16, 44100, "-5" },
        { 2, 16, 44100, "-8" },
        { 2, 16, 48000, "-0" },          // fixed predictors, mid/side off
        { 2, 24, 96000, "-8" },
        { 1, 8, 22050, "-5" },
        { 6, 16, 48000, "-5" },          // multichannel: independent channels
        { 2, 16, 44100, "-8 --lax -l 32 -b 1152" }, // LPC order 32, non-power-of-two block size
        { 2, 16, 44100, "-8 -b 192 -r 0,8" },
        { 1, 24, 32000, "-8 --lax -b 16384" }, // large blocks; 24-bit mono
        { 2, 16, 11025, "-5 --lax" },    // sample rate coded in the frame header
    };

    [Theory]
    [MemberData(nameof(EncoderSettings))]
    public void ReadFrames_SignalsEncodedByReferenceEncoder_DecodeBitExactly(int channels, int bits, int rate, string options)
    {
        if (!ExternalTool.Available("flac", _output))
        {
            return;
        }

        int frames = 20_000 + 333;
        int[] pcm = Signals(channels, bits, frames, seed: channels * 1000 + bits);
        string dir = Directory.CreateTempSubdirectory("nm-flac").FullName;
        try
        {
            string raw = Path.Combine(dir, "in.raw");
            string flac = Path.Combine(dir, "out.flac");
            File.WriteAllBytes(raw, ToLittleEndian(pcm, bits));
            ExternalTool.Run("flac", $"-s -f {options} --force-raw-format --endian=little --sign=signed --channels={channels} --bps={bits} --sample-rate={rate} -o \"{flac}\" \"{raw}\"");

            using var reader = FlacReader.Open(flac);
            Assert.Equal(channels, reader.Channels);
            Assert.Equal(rate, reader.SampleRate);
            Assert.Equal(frames, reader.Info.TotalFrames);
            float[] decoded = ReadInOddChunks(reader, channels);
            Assert.Equal(pcm.Length, decoded.Length);
            float scale = 1L << (bits - 1);
            for (int i = 0; i < pcm.Length; i++)
            {
                Assert.Equal(pcm[i], (int)Math.Round(decoded[i] * scale));
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void ReadToEnd_RealMasteredExcerpt_MatchesReferenceDecoder()
    {
        string? mixes = SharedData.Folder("mixes", _output);
        if (mixes is null || !ExternalTool.Available("flac", _output))
        {
            return;
        }

        string file = Path.Combine(mixes, "jazz_macleod_vibe-ace.flac");
        byte[] reference = ExternalTool.RunForBytes("flac", $"-s -d -c --force-raw-format --endian=little --sign=signed \"{file}\"");
        using var reader = FlacReader.Open(file);
        float[] decoded = reader.ReadToEnd();
        Assert.Equal(reference.Length / 2, decoded.Length);
        for (int i = 0; i < decoded.Length; i++)
        {
            short expected = BitConverter.ToInt16(reference, i * 2);
            Assert.Equal(expected, (int)(decoded[i] * 32768f));
        }

        _output.WriteLine($"{Path.GetFileName(file)}: {decoded.Length / 2} frames decoded bit-exactly");
    }

    [Fact]
    public void Constructor_NotFlac_ThrowsWithOffset()
    {
        var ex = Assert.Throws<FlacFormatException>(() => new FlacReader(new MemoryStream("RIFF0000WAVE"u8.ToArray())));
        Assert.Equal(0, ex.Offset);
        Assert.Contains("fLaC", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadFrames_TruncatedStream_ThrowsFlacFormatException()
    {
        byte[] flac = SmallFlac();
        byte[] truncated = flac.AsSpan(0, flac.Length * 2 / 3).ToArray();
        using var reader = new FlacReader(new MemoryStream(truncated));
        var ex = Assert.Throws<FlacFormatException>(() => reader.ReadToEnd());
        Assert.True(ex.Offset > 0);
    }

    [Fact]
    public void ReadFrames_RandomMutations_DecodeOrThrowFlacFormatException()
    {
        byte[] original = SmallFlac();
        var rng = new Random(20261122);
        var buffer = new float[4096];
        int rejected = 0;
        for (int trial = 0; trial < 1500; trial++)
        {
            byte[] mutated = (byte[])original.Clone();
            int flips = rng.Next(1, 6);
            for (int f = 0; f < flips; f++)
            {
                mutated[rng.Next(mutated.Length)] ^= (byte)(1 << rng.Next(8));
            }

            if (rng.Next(4) == 0)
            {
                Array.Resize(ref mutated, rng.Next(mutated.Length));
            }

            try
            {
                using var reader = new FlacReader(new MemoryStream(mutated));
                while (reader.ReadFrames(buffer) > 0)
                {
                }
            }
            catch (FlacFormatException)
            {
                rejected++;
            }
        }

        // CRCs guard every frame, so nearly every mutation is caught; none may escape as another exception type.
        Assert.True(rejected > 1000, $"only {rejected} of 1500 mutations were rejected");
    }

    private static byte[] SmallFlac()
    {
        // 8,000 stereo frames of sine + noise encoded by the reference encoder (flac -8 -b 1024): LPC subframes,
        // several frames, so mutations hit headers, residuals and CRCs alike.
        string fixture = Path.Combine(AppContext.BaseDirectory, "Audio", "Flac", "Fixtures", "noise-sine-stereo.flac");
        return File.ReadAllBytes(fixture);
    }

    private static float[] ReadInOddChunks(FlacReader reader, int channels)
    {
        var all = new List<float>();
        var rng = new Random(3);
        while (true)
        {
            var chunk = new float[rng.Next(1, 5000) * channels];
            int n = reader.ReadFrames(chunk);
            if (n == 0)
            {
                return [.. all];
            }

            all.AddRange(chunk.AsSpan(0, n * channels).ToArray());
        }
    }

    private static int[] Signals(int channels, int bits, int frames, int seed)
    {
        var rng = new Random(seed);
        long max = (1L << (bits - 1)) - 1;
        var pcm = new int[frames * channels];
        for (int i = 0; i < frames; i++)
        {
            for (int ch = 0; ch < channels; ch++)
            {
                double t = i / 44100.0;
                double v = (0.5 * Math.Sin(2 * Math.PI * (220 + (110 * ch)) * t)) + (0.2 * ((rng.NextDouble() * 2) - 1));
                if (i > frames / 2 && i < (frames / 2) + 3000)
                {
                    v = 0.25; // a constant stretch: CONSTANT subframes
                }

                long s = (long)Math.Round(v * max);
                if (ch == 1 && i > frames * 3 / 4)
                {
                    s &= ~0xFL; // low bits zero: wasted-bits subframes
                }

                pcm[(i * channels) + ch] = (int)Math.Clamp(s, -max - 1, max);
            }
        }

        return pcm;
    }

    private static byte[] ToLittleEndian(int[] pcm, int bits)
    {
        int bytes = (bits + 7) / 8;
        var result = new byte[pcm.Length * bytes];
        for (int i = 0; i < pcm.Length; i++)
        {
            int v = pcm[i];
            for (int b = 0; b < bytes; b++)
            {
                result[(i * bytes) + b] = (byte)(v >> (8 * b));
            }
        }

        return result;
    }
}
