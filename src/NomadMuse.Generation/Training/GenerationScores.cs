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
}
