using NomadMuse.Generation.Midi;
using NomadMuse.Generation.Tokens;

namespace NomadMuse.Generation.Tests.Tokens;

public sealed class MuseTokenizerTests
{
    private static readonly MuseTokenizer Default = new();

    [Fact]
    public void Encode_ChordThenNote_HandWrittenTokens()
    {
        BeatNote[] notes =
        [
            new(1.5, 0.5, 67, 60, false),
            new(0, 1, 64, 100, false),
            new(0, 1, 60, 100, false),
        ];

        int[] tokens = Default.Encode(notes);

        // START, VEL 12, C4, 1 beat, E4, 1 beat, shift 24/64, VEL 7, G4, half beat, END.
        Assert.Equal([1, 178, 66, 137, 70, 137, 205, 173, 73, 135, 2], tokens);
    }

    [Fact]
    public void Encode_LongGap_ChainsTimeShifts()
    {
        int[] tokens = Default.Encode([new BeatNote(10, 1, 60, 100, false)]);

        // 10 beats = 160 sixty-fourths = 64 + 64 + 32.
        Assert.Equal([1, 245, 245, 213, 178, 66, 137, 2], tokens);
    }

    [Fact]
    public void Encode_DrumsAndPitched_PercussionMarkersAndGeneralMidiKeys()
    {
        BeatNote[] notes =
        [
            new(0, 0.25, 22, 100, true),  // TD-11 hi-hat closed edge → 42
            new(0, 0.25, 20, 100, true),  // no GM equivalent → dropped
            new(0, 1, 48, 100, false),
            new(1, 1, 50, 100, false),
        ];

        int[] tokens = Default.Encode(notes);

        // START, VEL 12, C3(48), 1 beat, PERC_ON, F#2(42) as drum, 16th, shift 16, PERC_OFF, D3(50), 1 beat, END.
        Assert.Equal([1, 178, 54, 137, 256, 48, 134, 197, 257, 56, 137, 2], tokens);
        DecodedSequence back = Default.Decode(tokens);
        Assert.Equal([new BeatNote(0, 1, 48, 100, false), new BeatNote(0, 0.25, 42, 100, true), new BeatNote(1, 1, 50, 100, false)], back.Notes);
    }

    [Fact]
    public void Encode_VelocityAlways_OneVelocityPerNote()
    {
        var tokenizer = new MuseTokenizer(new TokenizerOptions { VelocityTokens = VelocityTokenMode.Always });

        int[] tokens = tokenizer.Encode([new BeatNote(0, 1, 60, 100, false), new BeatNote(1, 1, 62, 100, false)]);

        Assert.Equal([1, 178, 66, 137, 197, 178, 68, 137, 2], tokens);
    }

    [Fact]
    public void Encode_Controls_MarkersBeforeNotesAndDecoded()
    {
        BeatNote[] notes = [new(0, 2, 60, 100, false)];
        BeatControl[] controls = [new(0, MuseControl.SustainOn), new(1.75, MuseControl.SustainOff), new(1.75, MuseControl.BendUpFull)];

        int[] tokens = Default.Encode(notes, controls);

        Assert.Equal([1, 246, 178, 66, 141, 209, 247, 255, 2], tokens);
        Assert.Equal(controls, Default.Decode(tokens).Controls);
    }

    [Theory]
    [InlineData(4, 0.12, 0.0)]
    [InlineData(4, 0.13, 0.25)]
    [InlineData(4, 0.375, 0.5)]   // half-way rounds up
    [InlineData(16, 0.13, 0.125)]
    [InlineData(16, 0.03, 0.0)]
    [InlineData(1, 1.49, 1.0)]
    public void Quantise_Start_SnapsToGrid(int grid, double start, double expected)
    {
        var tokenizer = new MuseTokenizer(new TokenizerOptions { GridStepsPerBeat = grid });

        BeatNote q = Assert.Single(tokenizer.Quantise([new BeatNote(start, 1, 60, 64, false)]));

        Assert.Equal(expected, q.StartBeats);
    }

    [Fact]
    public void Encode_SwungEighths_EncodeAsStraightAndDecodeSwung()
    {
        const double ratio = 2.0 / 3.0;
        BeatNote[] swung = [.. Enumerable.Range(0, 8).Select(i => new BeatNote((i / 2) + (i % 2 == 0 ? 0 : ratio), 0.25, 42, 80, true))];
        BeatNote[] straight = [.. Enumerable.Range(0, 8).Select(i => new BeatNote(i * 0.5, 0.25, 42, 80, true))];
        var swingTokenizer = new MuseTokenizer(new TokenizerOptions { SwingRatio = ratio });

        int[] tokens = swingTokenizer.Encode(swung);

        Assert.Equal(Default.Encode(straight), tokens);
        IReadOnlyList<BeatNote> decoded = swingTokenizer.Decode(tokens).Notes;
        Assert.Equal(swung.Length, decoded.Count);
        for (int i = 0; i < swung.Length; i++)
        {
            Assert.Equal(swung[i].StartBeats, decoded[i].StartBeats, 9);
        }

        Assert.Equal(ratio, MuseTokenizer.EstimateSwing(swung.Concat(swung.Select(n => n with { StartBeats = n.StartBeats + 4 })).ToArray()), 9);
        Assert.Equal(0.5, MuseTokenizer.EstimateSwing(straight.Concat(straight.Select(n => n with { StartBeats = n.StartBeats + 4 })).ToArray()));
    }

    [Fact]
    public void Encode_DestinationTooShort_ThrowsAndCountMatches()
    {
        var file = new MidiFile(0, 480, [new MidiTrack(null, [new MidiNote(0, 480, 60, 100, 0), new MidiNote(960, 480, 62, 100, 0)])]);
        int count = Default.CountTokens(file);
        int[] exact = new int[count];

        Assert.Equal(count, Default.Encode(file, exact));
        Assert.Equal(Default.Encode(file), exact);
        Assert.Throws<ArgumentException>(() => Default.Encode(file, new int[count - 1]));
    }

    [Fact]
    public void Encode_OutOfRangeNotes_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Default.Encode([new BeatNote(-1, 1, 60, 100, false)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Default.Encode([new BeatNote(double.NaN, 1, 60, 100, false)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Default.Encode([new BeatNote(0, 1, 128, 100, false)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Default.Encode([new BeatNote(0, 1, 60, 0, false)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Default.Decode([258]));
    }

    [Fact]
    public void Decode_MalformedModelOutput_Tolerated()
    {
        // NOTE_ON without DURATION, a stray DURATION, PAD/MASK/UNK, tokens after END.
        int[] tokens = [0, 3, 66, 66, 140, 140, 5, 197, 137, 68, 2, 70, 137];

        DecodedSequence d = Default.Decode(tokens);

        Assert.Equal([new BeatNote(0, 0.25, 60, 100, false), new BeatNote(0, 1.75, 60, 100, false), new BeatNote(1, 0.25, 62, 100, false)], d.Notes);
        Assert.Equal(1.0, d.EndBeats);
    }

    [Fact]
    public void DecodeToMidi_Melody_ReencodesToSameTokens()
    {
        BeatNote[] melody = [new(0, 1, 60, 90, false), new(1, 0.5, 62, 90, false), new(1.5, 2.5, 64, 40, false), new(0, 0.25, 36, 120, true)];
        int[] tokens = Default.Encode(melody, [new BeatControl(0, MuseControl.SustainOn), new BeatControl(3, MuseControl.ModulationHalf)]);

        MidiFile file = Default.DecodeToMidi(tokens, beatsPerMinute: 90);
        MidiFile reread = MidiFile.Read(file.ToArray());

        Assert.Equal(tokens, Default.Encode(reread));
        Assert.Equal(90, reread.TempoMap.Changes[0].BeatsPerMinute, 3);
        Assert.True(reread.Tracks[^1].IsPercussion);
    }
}
