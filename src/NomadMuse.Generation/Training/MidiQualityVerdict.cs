namespace NomadMuse.Generation.Training;

/// <summary>Whether a file passed the quality filter and, if not, the first criterion it failed.</summary>
/// <param name="Criterion">The first failing criterion, or <see cref="QualityCriterion.None"/> when the file passed.</param>
/// <param name="Reason">Empty when passed; otherwise the measured value against the limit, e.g. "1,204.0 s > 600 s".</param>
public sealed record MidiQualityVerdict(QualityCriterion Criterion, string Reason)
{
    /// <summary>The verdict of a file that passed every criterion.</summary>
    public static MidiQualityVerdict Pass { get; } = new(QualityCriterion.None, string.Empty);

    /// <summary>True when the file passed every criterion.</summary>
    public bool Passed => Criterion == QualityCriterion.None;

    /// <inheritdoc />
    public override string ToString() => Passed ? "passed" : $"{Criterion}: {Reason}";
}
