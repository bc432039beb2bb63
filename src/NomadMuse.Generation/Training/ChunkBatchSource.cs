using NomadMuse.Core.Training;
using NomadMuse.Generation.Tokens;
using NomadMuse.State;

namespace NomadMuse.Generation.Training;

/// <summary>
/// Cuts track sequences into overlapping chunks of <c>L + 1</c> tokens (inputs and shifted targets) and serves them
/// as fixed batches of B chunks. Chunks are assigned to batches once, in an order shuffled by a seed.
/// </summary>
/// <remarks>
/// Pitch augmentation (<c>transposeRange</c> &gt; 0) shifts every NOTE_ON of a tonal chunk by a semitone offset in
/// [−range, +range] drawn once per chunk from the seed, so a batch is a pure function of its index (resumes stay
/// bit-identical) while overlapping chunks of the same music land in different keys. Percussive chunks are never
/// shifted: a drum key is an instrument, not a pitch. A shifted pitch that would leave 0–127 keeps its original value.
/// </remarks>
public sealed class ChunkBatchSource : IBatchSource<GenerationBatch>
{
    private readonly IReadOnlyList<TrackSequence> _sequences;
    private readonly (int Sequence, int Offset)[] _chunks;
    private readonly GenerationBatch _batch;
    private readonly int _transposeRange;
    private readonly ulong _seed;

    /// <summary>Builds the chunk list.</summary>
    /// <param name="sequences">Tokenized tracks.</param>
    /// <param name="steps">L, the tokens fed per column (default use: 512).</param>
    /// <param name="batch">B.</param>
    /// <param name="overlap">Tokens shared by consecutive chunks of a sequence (default 64).</param>
    /// <param name="seed">Seed of the chunk order and of the per-chunk transposition.</param>
    /// <param name="transposeRange">Largest pitch shift in semitones for tonal chunks (0 = no augmentation, at most 12).</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is out of range.</exception>
    public ChunkBatchSource(IReadOnlyList<TrackSequence> sequences, int steps, int batch, int overlap = 64, ulong seed = 1, int transposeRange = 0)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (steps < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(steps), steps, "Must be at least 2.");
        }

        if (batch < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(batch), batch, "Must be at least 1.");
        }

        if (overlap < 0 || overlap >= steps)
        {
            throw new ArgumentOutOfRangeException(nameof(overlap), overlap, "Must be 0 to steps − 1.");
        }

        if (transposeRange is < 0 or > 12)
        {
            throw new ArgumentOutOfRangeException(nameof(transposeRange), transposeRange, "Must be 0 to 12 semitones.");
        }

        _transposeRange = transposeRange;
        _seed = seed;
        _sequences = sequences;
        var chunks = new List<(int, int)>();
        int stride = steps - overlap;
        for (int s = 0; s < sequences.Count; s++)
        {
            int length = sequences[s].Tokens.Length;
            for (int offset = 0; ; offset += stride)
            {
                chunks.Add((s, offset));
                if (offset + steps + 1 >= length)
                {
                    break;
                }
            }
        }

        _chunks = [.. chunks];
        new TrainingRandom(seed).Shuffle(_chunks.AsSpan());
        _batch = new GenerationBatch(steps, batch);
    }

    /// <summary>Number of chunks.</summary>
    public int ChunkCount => _chunks.Length;

    /// <inheritdoc />
    public int BatchCount => _chunks.Length / _batch.Batch;

    /// <inheritdoc />
    public GenerationBatch GetBatch(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, BatchCount);
        int steps = _batch.Steps, b = _batch.Batch, count = 0;
        for (int col = 0; col < b; col++)
        {
            int chunk = (index * b) + col;
            var (s, offset) = _chunks[chunk];
            var seq = _sequences[s];
            int shift = seq.TrackType == (int)TrackType.Tonal ? TransposeFor(chunk) : 0;
            _batch.Instruments[col] = seq.Instrument;
            _batch.TrackTypes[col] = seq.TrackType;
            for (int t = 0; t < steps; t++)
            {
                int i = offset + t;
                int input = i < seq.Tokens.Length ? Transpose(seq.Tokens[i], shift) : MuseVocabulary.Pad;
                int target = i + 1 < seq.Tokens.Length ? Transpose(seq.Tokens[i + 1], shift) : MuseVocabulary.Pad;
                _batch.Inputs[(t * b) + col] = input;
                _batch.Targets[(t * b) + col] = target;
                if (target != MuseVocabulary.Pad)
                {
                    count++;
                }
            }
        }

        _batch.TargetCount = count;
        return _batch;
    }

    private int TransposeFor(int chunk)
    {
        if (_transposeRange == 0)
        {
            return 0;
        }

        // SplitMix64 of (seed, chunk): independent of call order, so any batch can be rebuilt alone.
        ulong z = _seed + (0x9E3779B97F4A7C15UL * (ulong)(chunk + 1));
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (int)(z % (ulong)((2 * _transposeRange) + 1)) - _transposeRange;
    }

    private static int Transpose(int token, int shift)
    {
        if (shift == 0 || token < MuseVocabulary.NoteOnFirst || token >= MuseVocabulary.NoteOnFirst + MuseVocabulary.NoteOnCount)
        {
            return token;
        }

        int shifted = token + shift;
        return shifted >= MuseVocabulary.NoteOnFirst && shifted < MuseVocabulary.NoteOnFirst + MuseVocabulary.NoteOnCount ? shifted : token;
    }
}
