using NomadMuse.Core.Training;
using NomadMuse.Generation.Tokens;

namespace NomadMuse.Generation.Training;

/// <summary>
/// Cuts track sequences into overlapping chunks of <c>L + 1</c> tokens (inputs and shifted targets) and serves them
/// as fixed batches of B chunks. Chunks are assigned to batches once, in an order shuffled by a seed.
/// </summary>
public sealed class ChunkBatchSource : IBatchSource<GenerationBatch>
{
    private readonly IReadOnlyList<TrackSequence> _sequences;
    private readonly (int Sequence, int Offset)[] _chunks;
    private readonly GenerationBatch _batch;

    /// <summary>Builds the chunk list.</summary>
    /// <param name="sequences">Tokenized tracks.</param>
    /// <param name="steps">L, the tokens fed per column (default use: 512).</param>
    /// <param name="batch">B.</param>
    /// <param name="overlap">Tokens shared by consecutive chunks of a sequence (default 64).</param>
    /// <param name="seed">Seed of the chunk order.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is out of range.</exception>
    public ChunkBatchSource(IReadOnlyList<TrackSequence> sequences, int steps, int batch, int overlap = 64, ulong seed = 1)
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
            var (s, offset) = _chunks[(index * b) + col];
            var seq = _sequences[s];
            _batch.Instruments[col] = seq.Instrument;
            _batch.TrackTypes[col] = seq.TrackType;
            for (int t = 0; t < steps; t++)
            {
                int i = offset + t;
                int input = i < seq.Tokens.Length ? seq.Tokens[i] : MuseVocabulary.Pad;
                int target = i + 1 < seq.Tokens.Length ? seq.Tokens[i + 1] : MuseVocabulary.Pad;
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
}
