using NomadMuse.Core.Audio;
using static NomadMuse.Core.Tests.Audio.WavBytes;

namespace NomadMuse.Core.Tests.Audio;

public sealed class WavFuzzTests
{
    private static List<byte[]> Seeds()
    {
        var seeds = new List<byte[]>();
        foreach ((WavEncoding encoding, int channels) in new[] { (WavEncoding.Pcm8, 1), (WavEncoding.Pcm16, 2), (WavEncoding.Pcm24, 3), (WavEncoding.Float32, 1), (WavEncoding.Float64, 2) })
        {
            var stream = new MemoryStream();
            WavFile.Write(stream, new AudioBuffer(8000, channels, Enumerable.Range(0, channels * 9).Select(i => i / 10f - 0.4f).ToArray()), encoding);
            seeds.Add(stream.ToArray());
        }

        seeds.Add(Riff(Chunk("LIST", Ascii("INFOx")), Chunk("fmt ", FmtExtensible(2, 44100, 24, 20, 3, 1)), Chunk("data", new byte[30])));
        seeds.Add(Concat(Ascii("RF64"), U32(uint.MaxValue), Ascii("WAVE"), Chunk("ds64", Concat(U64(0), U64(8), U64(4), U32(0))),
            Chunk("fmt ", Fmt(1, 1, 8000, 16)), Chunk("data", new byte[8], uint.MaxValue)));
        return seeds;
    }

    private static byte[] Mutate(byte[] seed, Random rng)
    {
        var bytes = (byte[])seed.Clone();
        int kind = rng.Next(5);
        switch (kind)
        {
            case 0: // flip random bytes
                for (int i = rng.Next(1, 6); i > 0; i--)
                {
                    bytes[rng.Next(bytes.Length)] = (byte)rng.Next(256);
                }

                return bytes;
            case 1: // truncate
                return bytes[..rng.Next(bytes.Length)];
            case 2: // overwrite a 32-bit field in the header with an extreme value
                int at = rng.Next(Math.Min(bytes.Length - 3, 80));
                BitConverter.GetBytes(rng.Next(4) switch { 0 => uint.MaxValue, 1 => 0u, 2 => 0x80000000u, _ => (uint)rng.Next() }).CopyTo(bytes, at);
                return bytes;
            case 3: // overwrite a 16-bit field in the fmt region
                int at16 = rng.Next(12, Math.Min(bytes.Length - 1, 60));
                BitConverter.GetBytes((ushort)(rng.Next(3) switch { 0 => 0, 1 => 0xFFFF, _ => rng.Next(65536) })).CopyTo(bytes, at16);
                return bytes;
            default: // splice random garbage in
                int pos = rng.Next(bytes.Length);
                byte[] junk = new byte[rng.Next(1, 16)];
                rng.NextBytes(junk);
                return Concat(bytes[..pos], junk, bytes[pos..]);
        }
    }

    [Fact]
    public void Read_ThousandsOfMutatedFiles_OnlyWavFormatExceptionEscapes()
    {
        List<byte[]> seeds = Seeds();
        var rng = new Random(20261122);
        var block = new float[64];
        int parsed = 0, rejected = 0;
        for (int i = 0; i < 4000; i++)
        {
            byte[] bytes = Mutate(seeds[i % seeds.Count], rng);
            try
            {
                using var reader = new WavReader(new MemoryStream(bytes));
                _ = reader.Format.ToString() + reader.Format.Duration + reader.Format.BitsPerSample;
                float[] buffer = reader.Channels <= block.Length ? block : new float[reader.Channels];
                int guard = 0;
                while (reader.ReadFrames(buffer) > 0 && guard++ < 10_000)
                {
                }

                Assert.True(guard < 10_000, "reader did not reach the end");
                if (reader.Format.FrameCount > 0)
                {
                    reader.Seek(reader.Format.FrameCount - 1);
                    Assert.Equal(1, reader.ReadFrames(buffer.AsSpan(0, reader.Channels)));
                }

                WavFile.ReadAll(new MemoryStream(bytes));
                parsed++;
            }
            catch (WavFormatException)
            {
                rejected++;
            }

            // The same bytes through a forward-only stream (header sizes cannot be checked against a length).
            try
            {
                using var forward = new WavReader(new ForwardOnlyStream(bytes));
                _ = forward.Format.ToString() + forward.Format.Duration;
                WavFile.ReadAll(new ForwardOnlyStream(bytes));
            }
            catch (WavFormatException)
            {
                rejected++;
            }
        }

        // Both paths must be exercised for the test to mean something.
        Assert.True(parsed > 400, $"parsed {parsed}");
        Assert.True(rejected > 400, $"rejected {rejected}");
    }
}
