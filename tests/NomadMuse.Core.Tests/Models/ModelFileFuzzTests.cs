using NomadMuse.Core.Models;
using static NomadMuse.Core.Tests.Models.ModelFileTestData;

namespace NomadMuse.Core.Tests.Models;

public sealed class ModelFileFuzzTests
{
    /// <summary>
    /// Random byte flips, insertions, deletions and truncations (fixed seed): every mutant must either load as a
    /// valid file (which writes back to its own bytes when the JSON was untouched, and otherwise to a normalized
    /// file that round-trips exactly), or throw <see cref="ModelFormatException"/>.
    /// With <paramref name="reseal"/> the checksum is recomputed so the structural checks, not the hash, are hit.
    /// </summary>
    [Theory]
    [InlineData(false, 1234)]
    [InlineData(true, 5678)]
    [InlineData(true, 91011)]
    public void Read_RandomMutations_EitherLoadValidOrThrowModelFormatException(bool reseal, int seed)
    {
        byte[] original = Sample().ToArray();
        var random = new Random(seed);
        int loaded = 0, rejected = 0;
        for (int iteration = 0; iteration < 3000; iteration++)
        {
            byte[] mutant = Mutate(original, random);
            if (reseal)
            {
                mutant = Reseal(mutant);
            }

            ModelFile file;
            try
            {
                file = ModelFile.Read(new TrickleStream(mutant, 1 + random.Next(64)));
            }
            catch (ModelFormatException)
            {
                rejected++;
                continue;
            }

            // Loaded: a well-formed file. JSON edits (whitespace, escapes) are normalized on rewrite; the rewrite
            // itself must then round-trip exactly, tensors included.
            loaded++;
            byte[] rewritten = file.ToArray();
            if (mutant.Length >= 16 + JsonLength(original) && mutant.AsSpan(12, 4).SequenceEqual(original.AsSpan(12, 4)) && mutant.AsSpan(16, JsonLength(original)).SequenceEqual(original.AsSpan(16, JsonLength(original))))
            {
                Assert.Equal(mutant, rewritten);
            }

            Assert.Equal(rewritten, ReadBytes(rewritten).ToArray());
        }

        Assert.True(rejected > 0);
        if (reseal)
        {
            Assert.True(loaded > 0, "with a recomputed checksum some mutants (data bytes) must still load");
        }
    }

    private static int JsonLength(byte[] file) => (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(12));

    private static byte[] Mutate(byte[] source, Random random)
    {
        var bytes = new List<byte>(source);
        int edits = 1 + random.Next(3);
        for (int e = 0; e < edits && bytes.Count > 0; e++)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 2:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
                case 3:
                    bytes.RemoveAt(at);
                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }

        return [.. bytes];
    }
}
