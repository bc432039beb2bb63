using NomadMuse.Generation.Evaluation;

namespace NomadMuse.Generation.Training;

/// <summary>Next-token scores of one predictor over a set of tracks: all tracks, drum tracks and tonal tracks.</summary>
public sealed class GenerationScores
{
    /// <summary>Every scored token.</summary>
    public PredictionScore All { get; } = new();

    /// <summary>Tokens of percussive (channel-10) tracks.</summary>
    public PredictionScore Drums { get; } = new();

    /// <summary>Tokens of tonal tracks.</summary>
    public PredictionScore Tonal { get; } = new();

    /// <summary>Scores per named group of tracks (e.g. per corpus: the first folder of each file's relative path).</summary>
    public IReadOnlyDictionary<string, PredictionScore> Groups => _groups;

    private readonly SortedDictionary<string, PredictionScore> _groups = new(StringComparer.Ordinal);

    /// <summary>The score of a group, created on first use.</summary>
    internal PredictionScore Group(string name)
    {
        if (!_groups.TryGetValue(name, out var score))
        {
            score = new PredictionScore();
            _groups.Add(name, score);
        }

        return score;
    }
}
