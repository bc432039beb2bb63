using NomadMuse.Generation.Midi;
using Xunit.Abstractions;

namespace NomadMuse.Generation.Tests.Midi;

public sealed class MidiFuzzTests(ITestOutputHelper output)
{
    private const int Mutations = 5000;

    [Fact]
    public void Read_RandomMutations_ParseOrThrowMidiFormatException()
    {
        List<byte[]> seeds = [SyntheticSeed()];
        foreach (string corpus in TestData.Corpora())
        {
            // The smallest few files of each corpus keep the run short while covering every layout.
            seeds.AddRange(TestData.MidiFiles(corpus).Select(f => new FileInfo(f)).Where(f => f.Length < 24_000)
                .OrderBy(f => f.Length).ThenBy(f => f.FullName, StringComparer.Ordinal).Skip(5).Take(2).Select(f => File.ReadAllBytes(f.FullName)));
        }

        var random = new Random(20261122);
        int parsed = 0, rejected = 0;
        var kinds = new int[5];
        for (int i = 0; i < Mutations; i++)
        {
            byte[] seed = seeds[random.Next(seeds.Count)];
            int kind = random.Next(5);
            kinds[kind]++;
            byte[] mutated = Mutate(seed, kind, random);
            try
            {
                MidiFile file = MidiFile.Read(mutated);
                _ = file.DurationSeconds;
                parsed++;

                // Whatever parses must also write and read back unchanged.
                MidiAssert.SameContent(file, MidiFile.Read(file.ToArray()));
            }
            catch (MidiFormatException e)
            {
                Assert.InRange(e.Offset, 0, mutated.Length);
                rejected++;
            }
            catch (Exception e)
            {
                Assert.Fail($"Mutation {i} (kind {kind}) threw {e.GetType().Name}: {e.Message}");
            }
        }

        output.WriteLine($"{seeds.Count} seed files, {Mutations} mutations (flip/truncate/insert/delete/length): {string.Join('/', kinds)}; parsed {parsed}, rejected {rejected}.");
        Assert.True(parsed > 0 && rejected > 0, "Mutations should both survive and break parsing.");
    }

    private static byte[] Mutate(byte[] seed, int kind, Random random)
    {
        var bytes = new List<byte>(seed);
        switch (kind)
        {
            case 0: // flip 1–8 bytes to random values
                for (int k = random.Next(1, 9); k > 0; k--)
                {
                    bytes[random.Next(bytes.Count)] = (byte)random.Next(256);
                }

                break;
            case 1: // truncate
                int cut = random.Next(bytes.Count);
                bytes.RemoveRange(cut, bytes.Count - cut);
                break;
            case 2: // insert 1–16 random bytes
                byte[] extra = new byte[random.Next(1, 17)];
                random.NextBytes(extra);
                bytes.InsertRange(random.Next(bytes.Count + 1), extra);
                break;
            case 3: // delete a short range
                int at = random.Next(bytes.Count);
                bytes.RemoveRange(at, Math.Min(bytes.Count - at, random.Next(1, 16)));
                break;
            default: // overwrite 4 bytes with a big-endian length-like value (lying chunk lengths, huge VLQs)
                int pos = random.Next(Math.Max(1, bytes.Count - 4));
                uint value = random.Next(2) == 0 ? (uint)random.Next() : 0xFFFFFF00u | (uint)random.Next(256);
                for (int b = 0; b < 4 && pos + b < bytes.Count; b++)
                {
                    bytes[pos + b] = (byte)(value >> (24 - (8 * b)));
                }

                break;
        }

        return [.. bytes];
    }

    private static byte[] SyntheticSeed()
    {
        var track = new MidiTrack(
            "Fuzz",
            [new MidiNote(0, 240, 60, 100, 0), new MidiNote(120, 240, 64, 90, 0), new MidiNote(480, 60, 36, 120, 9)],
            [new MidiControlChange(0, 0, 64, 127), new MidiControlChange(400, 0, 64, 0)],
            [new MidiProgramChange(0, 0, 1)],
            [new MidiPitchBend(50, 0, 1000)],
            [new MidiTextEvent(0, 1, "text")]);
        return new MidiFile(1, 480, [track], [new TempoChange(0, 400_000), new TempoChange(480, 500_000)], [new TimeSignature(0, 3, 4)], [new KeySignature(0, 1, false)]).ToArray();
    }
}
