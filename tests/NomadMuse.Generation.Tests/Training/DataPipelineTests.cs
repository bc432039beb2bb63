using NomadMuse.Generation.Tokens;
using NomadMuse.Generation.Training;
using V = NomadMuse.Generation.Tokens.MuseVocabulary;

namespace NomadMuse.Generation.Tests.Training;

public sealed class DataPipelineTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "nm-genpipe-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    /// <summary>A two-track file: a C major arpeggio (channel 1) and kick/snare (channel 10).</summary>
    private static int[] SongTokens(int transpose) =>
    [
        V.Start,
        V.Velocity(12), V.NoteOn(60 + transpose), V.Duration(3), V.TimeShift(16),
        V.NoteOn(64 + transpose), V.Duration(3), V.TimeShift(16),
        V.NoteOn(67 + transpose), V.Duration(3), V.TimeShift(16),
        V.Control(MuseControl.PercussionOn), V.NoteOn(36), V.Duration(0), V.TimeShift(16),
        V.NoteOn(38), V.Duration(0),
        V.End,
    ];

    private void WriteSong(string relative, int transpose)
    {
        string path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        new MuseTokenizer().DecodeToMidi(SongTokens(transpose)).Write(path);
    }

    [Fact]
    public void SplitOf_ManyPaths_IsStableAndCloseTo90_5_5()
    {
        int[] counts = new int[3];
        for (int i = 0; i < 20_000; i++)
        {
            counts[(int)MidiCorpus.SplitOf($"corpus/{i:D5}.mid")]++;
        }

        Assert.InRange(counts[0] / 20_000.0, 0.88, 0.92);
        Assert.InRange(counts[1] / 20_000.0, 0.04, 0.06);
        Assert.InRange(counts[2] / 20_000.0, 0.04, 0.06);
        Assert.Equal(MidiCorpus.SplitOf("a/b/c.mid"), MidiCorpus.SplitOf("a\\b\\c.mid"));
    }

    [Fact]
    public void SplitOf_FnvHashOfPath_MatchesHandComputedBucket()
    {
        // FNV-1a 64 of "a" is 0xAF63DC4C8601EC8C (published test vector); mod 100 = 96 → test (95–99).
        Assert.Equal(96UL, 0xAF63DC4C8601EC8CUL % 100);
        Assert.Equal(DatasetSplit.Test, MidiCorpus.SplitOf("a"));
    }

    [Fact]
    public void Tokenize_DrumAndPitchedTracks_GetPercussiveAndTonalTypes()
    {
        var midi = new MuseTokenizer().DecodeToMidi(SongTokens(0));
        var sequences = TrackTokenizer.Tokenize(midi, new MuseTokenizer(), 7);
        Assert.Equal(2, sequences.Count);
        var tonal = Assert.Single(sequences, s => s.TrackType == 1);
        var drums = Assert.Single(sequences, s => s.TrackType == 2);
        Assert.Equal(7, tonal.FileIndex);
        Assert.Contains((ushort)V.NoteOn(64), tonal.Tokens);
        Assert.DoesNotContain((ushort)V.NoteOn(36), tonal.Tokens);
        Assert.Contains((ushort)V.NoteOn(36), drums.Tokens);
        Assert.Equal(0, drums.Instrument);
        Assert.Equal(V.Start, drums.Tokens[0]);
        Assert.Equal(V.End, drums.Tokens[^1]);
    }

    [Fact]
    public void InstrumentOfProgram_GmFamilies_MapToClasses()
    {
        Assert.Equal(0, TrackTokenizer.InstrumentOfProgram(-1));
        Assert.Equal(10, TrackTokenizer.InstrumentOfProgram(0));   // Acoustic Grand → PianoKeys
        Assert.Equal(6, TrackTokenizer.InstrumentOfProgram(32));   // Acoustic Bass
        Assert.Equal(5, TrackTokenizer.InstrumentOfProgram(33));   // Electric Bass (finger)
        Assert.Equal(8, TrackTokenizer.InstrumentOfProgram(30));   // Distortion Guitar
        Assert.Equal(13, TrackTokenizer.InstrumentOfProgram(56));  // Trumpet
        Assert.Equal(14, TrackTokenizer.InstrumentOfProgram(73));  // Flute
    }

    [Fact]
    public void Load_SecondTime_ComesFromCacheWithSameSequences()
    {
        WriteSong("x/one.mid", 0);
        WriteSong("two.mid", 5);
        File.WriteAllText(Path.Combine(_root, "broken.mid"), "not midi");
        string cache = Path.Combine(_root, "cache");
        var first = TokenStore.Load(_root, null, cache);
        var second = TokenStore.Load(_root, null, cache);
        Assert.False(first.LoadedFromCache);
        Assert.True(second.LoadedFromCache);
        Assert.Equal(1, first.SkippedFiles);
        Assert.Equal(1, second.SkippedFiles);
        Assert.Equal(["broken.mid", "two.mid", "x/one.mid"], first.Files.Select(f => f.RelativePath));
        Assert.Equal(4, first.Sequences.Count);
        for (int i = 0; i < first.Sequences.Count; i++)
        {
            Assert.Equal(first.Sequences[i].Tokens, second.Sequences[i].Tokens);
            Assert.Equal(first.Sequences[i].TrackType, second.Sequences[i].TrackType);
            Assert.Equal(first.Sequences[i].FileIndex, second.Sequences[i].FileIndex);
        }

        Assert.Empty(Directory.GetFiles(cache, "*.tmp"));
    }

    [Fact]
    public void Load_CorruptCacheOrChangedOptions_Rebuilds()
    {
        WriteSong("one.mid", 0);
        string cache = Path.Combine(_root, "cache");
        TokenStore.Load(_root, null, cache);
        string file = Assert.Single(Directory.GetFiles(cache));
        File.WriteAllBytes(file, [1, 2, 3]);
        var rebuilt = TokenStore.Load(_root, null, cache);
        Assert.False(rebuilt.LoadedFromCache);
        Assert.Equal(2, rebuilt.Sequences.Count);

        var other = TokenStore.Load(_root, new TokenizerOptions { IncludeControls = false }, cache);
        Assert.False(other.LoadedFromCache);
        Assert.Equal(2, Directory.GetFiles(cache).Length);
    }

    [Fact]
    public void ChunkBatchSource_LongSequence_CutsOverlappingChunksWithShiftedTargets()
    {
        ushort[] tokens = new ushort[1000];
        for (int i = 0; i < tokens.Length; i++)
        {
            tokens[i] = (ushort)(6 + (i % 200));
        }

        var source = new ChunkBatchSource([new TrackSequence(0, 10, 1, tokens)], steps: 256, batch: 1, overlap: 64, seed: 3);
        // Stride 192: offsets 0, 192, 384, 576, 768 (768 + 257 ≥ 1000 ends it).
        Assert.Equal(5, source.ChunkCount);
        int padded = 0;
        for (int b = 0; b < source.BatchCount; b++)
        {
            var batch = source.GetBatch(b);
            for (int t = 0; t + 1 < batch.Steps; t++)
            {
                if (batch.Targets[t] != V.Pad)
                {
                    Assert.Equal(batch.Inputs[t + 1], batch.Targets[t]);
                }
            }

            Assert.Equal(10, batch.Instruments[0]);
            Assert.Equal(1, batch.TrackTypes[0]);
            Assert.Equal(batch.Targets.Count(t => t != V.Pad), batch.TargetCount);
            padded += batch.Steps - batch.TargetCount;
        }

        // The last chunk (offset 768) has 231 real targets (tokens 769..999), so 25 padded targets.
        Assert.Equal(25, padded);
        Assert.Equal(5 * 256 - 25, Enumerable.Range(0, 5).Sum(b => source.GetBatch(b).TargetCount));
    }

    [Fact]
    public void ChunkBatchSource_Transpose_ShiftsTonalNotesOnlyAndIsRepeatable()
    {
        // NOTE_ON 60, a duration, a time shift, NOTE_ON 127 (cannot go up) — repeated.
        ushort[] pattern = [(ushort)(V.NoteOnFirst + 60), (ushort)V.DurationFirst, (ushort)V.TimeShiftFirst, (ushort)(V.NoteOnFirst + 127)];
        ushort[] tokens = [.. Enumerable.Range(0, 400).Select(i => pattern[i % 4])];
        var tonal = new TrackSequence(0, 10, 1, tokens);
        var drums = new TrackSequence(1, 0, 2, tokens);
        var source = new ChunkBatchSource([tonal, drums], steps: 64, batch: 2, overlap: 0, seed: 5, transposeRange: 2);
        var again = new ChunkBatchSource([tonal, drums], steps: 64, batch: 2, overlap: 0, seed: 5, transposeRange: 2);
        var shifts = new HashSet<int>();
        for (int b = 0; b < source.BatchCount; b++)
        {
            var batch = source.GetBatch(b);
            int[] inputs = [.. batch.Inputs];
            Assert.Equal(inputs, again.GetBatch(b).Inputs);
            for (int col = 0; col < 2; col++)
            {
                for (int t = 0; t < 64; t++)
                {
                    int token = inputs[(t * 2) + col];
                    if (token == V.Pad || token < V.NoteOnFirst || token >= V.DurationFirst)
                    {
                        Assert.True(token == V.Pad || token == V.DurationFirst || token == V.TimeShiftFirst, $"non-note token changed: {token}");
                        continue;
                    }

                    int pitch = token - V.NoteOnFirst;
                    if (batch.TrackTypes[col] == 2)
                    {
                        Assert.True(pitch is 60 or 127, $"drum note moved: {pitch}");
                    }
                    else if (pitch > 100)
                    {
                        Assert.InRange(pitch, 125, 127); // 127 may go down, never past 127
                    }
                    else
                    {
                        Assert.InRange(pitch - 60, -2, 2);
                        shifts.Add(pitch - 60);
                    }
                }
            }
        }

        Assert.True(shifts.Count >= 2, $"expected several transpositions across chunks, saw {string.Join(",", shifts)}");
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChunkBatchSource([tonal], 64, 1, 0, 1, transposeRange: 13));
    }
}
