namespace NomadMuse.Generation.Training;

/// <summary>
/// What a quality filter removes from (part of) a token store: per criterion, the files it is the first to reject and
/// the files it would reject on its own, with their share of notes and tokens. Used to choose and report filters.
/// </summary>
/// <param name="Total">Every readable file counted.</param>
/// <param name="Passed">The files that pass.</param>
/// <param name="Unreadable">Files counted that could not be read (they hold no tokens and never pass).</param>
/// <param name="FirstFailing">Per criterion, the files whose verdict names it (they add up to the removed files).</param>
/// <param name="Alone">Per criterion, the files it fails whatever the other criteria say.</param>
public sealed record QualityCensus(QualityTally Total, QualityTally Passed, int Unreadable,
    IReadOnlyDictionary<QualityCriterion, QualityTally> FirstFailing, IReadOnlyDictionary<QualityCriterion, QualityTally> Alone)
{
    /// <summary>The criteria in the order the filter checks them.</summary>
    public static IReadOnlyList<QualityCriterion> Criteria { get; } =
        [.. Enum.GetValues<QualityCriterion>().Where(c => c != QualityCriterion.None).Order()];

    /// <summary>Counts the store's files (those <paramref name="include"/> accepts, all when null) under <paramref name="filter"/>.</summary>
    /// <param name="store">The token store with its measures.</param>
    /// <param name="filter">The filter.</param>
    /// <param name="include">Which file indices to count, or null for all.</param>
    /// <returns>The census.</returns>
    public static QualityCensus Take(TokenStore store, MidiQualityFilter filter, Func<int, bool>? include = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(filter);
        long[] tokens = new long[store.Files.Count];
        foreach (var s in store.Sequences)
        {
            tokens[s.FileIndex] += s.Tokens.Length;
        }

        var first = Criteria.ToDictionary(c => c, _ => default(QualityTally));
        var alone = Criteria.ToDictionary(c => c, _ => default(QualityTally));
        QualityTally total = default, passed = default;
        int unreadable = 0;
        for (int i = 0; i < store.Files.Count; i++)
        {
            if (include is not null && !include(i))
            {
                continue;
            }

            if (store.Quality[i] is not { } m)
            {
                unreadable++;
                continue;
            }

            total = total.Add(m.Notes, tokens[i]);
            var verdict = filter.Judge(m);
            if (verdict.Passed)
            {
                passed = passed.Add(m.Notes, tokens[i]);
            }
            else
            {
                first[verdict.Criterion] = first[verdict.Criterion].Add(m.Notes, tokens[i]);
            }

            foreach (var c in Criteria.Where(c => filter.Fails(c, m)))
            {
                alone[c] = alone[c].Add(m.Notes, tokens[i]);
            }
        }

        return new QualityCensus(total, passed, unreadable, first, alone);
    }

    /// <summary>One line: how many files pass and how many each criterion removed first, e.g. for a training log.</summary>
    public string Summary() =>
        FormattableString.Invariant($"{Passed.Files:N0} of {Total.Files:N0} files pass; removed: ")
        + string.Join(", ", Criteria.Select(c => FormattableString.Invariant($"{Label(c)} {FirstFailing[c].Files:N0}")));

    /// <summary>A short lower-case label of a criterion for reports ("too few notes", "unusual meter", …).</summary>
    public static string Label(QualityCriterion criterion) => criterion switch
    {
        QualityCriterion.NoInstruments => "no notes",
        QualityCriterion.TooFewNotes => "too few notes",
        QualityCriterion.TooShort => "too short",
        QualityCriterion.TooLong => "too long",
        QualityCriterion.UnusualMeter => "unusual meter",
        QualityCriterion.TooManyConcurrentNotes => "too many at once",
        _ => "passed",
    };
}
