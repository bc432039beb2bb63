using NomadMuse.Generation.Midi;
using NomadMuse.Generation.Tokens;

namespace NomadMuse.Generation.Tests.Tokens;

public sealed class TokenizerPropertyTests
{
    private static BeatNote[] RandomNotes(Random random, int count, bool onGrid) =>
        [.. Enumerable.Range(0, count).Select(_ => new BeatNote(
            onGrid ? random.Next(0, 640) / 16.0 : random.NextDouble() * 40,
            random.Next(4) == 0 ? 0 : random.NextDouble() * 20,
            random.Next(128),
            random.Next(1, 128),
            random.Next(5) == 0))];

    public static TheoryData<int, double, VelocityTokenMode> Settings() => new()
    {
        { 4, 0.5, VelocityTokenMode.OnChange },
        { 16, 0.5, VelocityTokenMode.Always },
        { 2, 0.5, VelocityTokenMode.OnChange },
        { 4, 2.0 / 3.0, VelocityTokenMode.OnChange },
        { 8, 0.6, VelocityTokenMode.Always },
    };

    [Theory]
    [MemberData(nameof(Settings))]
    public void DecodeOfEncode_RandomNotes_EqualsQuantise(int grid, double swing, VelocityTokenMode velocity)
    {
        var tokenizer = new MuseTokenizer(new TokenizerOptions { GridStepsPerBeat = grid, SwingRatio = swing, VelocityTokens = velocity });
        var random = new Random(1234 + grid);
        for (int trial = 0; trial < 300; trial++)
        {
            BeatNote[] notes = RandomNotes(random, random.Next(0, 60), onGrid: trial % 2 == 0);

            int[] tokens = tokenizer.Encode(notes);

            Assert.All(tokens, t => Assert.InRange(t, 0, MuseVocabulary.Size - 1));
            Assert.Equal(MuseVocabulary.Start, tokens[0]);
            Assert.Equal(MuseVocabulary.End, tokens[^1]);
            Assert.Equal(tokenizer.Quantise(notes), tokenizer.Decode(tokens).Notes);
        }
    }

    [Fact]
    public void Quantise_RandomNotes_StartsOnGridWithinHalfStepAndKnownBins()
    {
        var tokenizer = new MuseTokenizer();
        var random = new Random(99);
        BeatNote[] notes = RandomNotes(random, 2000, onGrid: false);
        foreach (BeatNote n in tokenizer.Quantise(notes))
        {
            Assert.Equal(0, (n.StartBeats * 4) % 1);   // on the 16th grid
            Assert.Contains(n.DurationBeats, Enumerable.Range(0, 32).Select(DurationBins.BeatsOf));
            Assert.Equal(4, n.Velocity % 8);           // a bin centre
            if (n.IsDrum)
            {
                Assert.InRange(n.Pitch, GeneralMidiDrumMap.FirstKey, GeneralMidiDrumMap.LastKey);
            }
        }

        // Independent check of the start error: every quantised start is within half a 16th of some input start.
        double[] inputs = [.. notes.Select(n => n.StartBeats).Order()];
        foreach (BeatNote q in tokenizer.Quantise(notes))
        {
            int i = Array.BinarySearch(inputs, q.StartBeats - 0.125);
            i = i < 0 ? ~i : i;
            Assert.True(i < inputs.Length && inputs[i] <= q.StartBeats + 0.125, $"No input start within a half step of {q.StartBeats}.");
        }
    }

    [Fact]
    public void EncodeTrack_RandomMidiTracks_MatchesBeatNoteEncoding()
    {
        var tokenizer = new MuseTokenizer();
        var random = new Random(7);
        for (int trial = 0; trial < 100; trial++)
        {
            MidiNote[] notes = [.. Enumerable.Range(0, random.Next(1, 40)).Select(_ => new MidiNote(random.Next(0, 20_000), random.Next(0, 4000), random.Next(128), random.Next(1, 128), random.Next(3) == 0 ? 9 : 0))];
            var track = new MidiTrack(null, notes);

            int[] fromTrack = tokenizer.Encode(track, 480);
            int[] fromBeats = tokenizer.Encode(notes.Select(n => new BeatNote(n.StartTick / 480.0, n.DurationTicks / 480.0, n.Pitch, n.Velocity, n.IsPercussion)).ToArray());

            Assert.Equal(fromBeats, fromTrack);
        }
    }
}
