using System.Collections.Immutable;

namespace NomadMuse.Analysis.Scoring;

/// <summary>Analysed clean and damaged segments of real mixes, split by source file into training and held-out parts.</summary>
public sealed class ScorerDataset
{
    internal ScorerDataset(IReadOnlyList<ScorerExample> training, IReadOnlyList<ScorerExample> heldOut, TimeSpan analysisTime, double secondsAnalysed)
    {
        Training = training;
        HeldOut = heldOut;
        AnalysisTime = analysisTime;
        SecondsAnalysed = secondsAnalysed;
        TrainingSources = [.. training.Select(e => e.Source).Distinct(StringComparer.Ordinal)];
        HeldOutSources = [.. heldOut.Select(e => e.Source).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Files whose segments train the scorer.</summary>
    public ImmutableArray<string> TrainingSources { get; }

    /// <summary>Files kept out of training, for evaluation.</summary>
    public ImmutableArray<string> HeldOutSources { get; }

    /// <summary>Number of training examples (segments × damages).</summary>
    public int TrainingCount => Training.Count;

    /// <summary>Number of held-out examples.</summary>
    public int HeldOutCount => HeldOut.Count;

    /// <summary>Wall-clock time spent decoding, damaging and analysing.</summary>
    public TimeSpan AnalysisTime { get; }

    /// <summary>Seconds of (damaged or clean) audio run through the analyser.</summary>
    public double SecondsAnalysed { get; }

    internal IReadOnlyList<ScorerExample> Training { get; }

    internal IReadOnlyList<ScorerExample> HeldOut { get; }
}
