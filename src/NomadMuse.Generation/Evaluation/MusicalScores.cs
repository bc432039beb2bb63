namespace NomadMuse.Generation.Evaluation;

/// <summary>Musical checks of continuations over a set of files: all of them and per named group (corpus).</summary>
public sealed class MusicalScores
{
    private readonly SortedDictionary<string, MusicalComparison> _groups = new(StringComparer.Ordinal);

    /// <summary>Every checked file.</summary>
    public MusicalComparison All { get; } = new();

    /// <summary>Per group of files (e.g. per corpus: the first folder of each file's relative path).</summary>
    public IReadOnlyDictionary<string, MusicalComparison> Groups => _groups;

    /// <summary>The comparison of a group, created on first use.</summary>
    internal MusicalComparison Group(string name)
    {
        if (!_groups.TryGetValue(name, out var comparison))
        {
            comparison = new MusicalComparison();
            _groups.Add(name, comparison);
        }

        return comparison;
    }
}
