using System.Globalization;
using NomadMuse.Generation.Midi;

namespace NomadMuse.Generation.Training;

/// <summary>
/// The MIDI quality filter of seed §4.1.1 with its limits as named thresholds: a file passes when it has notes, enough
/// of them, a length within bounds, a usual first meter and no implausible pile-up of simultaneous notes.
/// </summary>
/// <remarks>
/// <para><see cref="Seed"/> is the seed's rule taken literally; <see cref="Default"/> is what training and the evaluation
/// baseline use, relaxed where the literal rule throws away real music of our corpora (measured in
/// <c>docs/models.md</c>, "Data pipeline").</para>
/// <para>Judging works on <see cref="MidiQualityMeasures"/>, so a token store measures each file once and any filter
/// can be applied afterwards without re-reading MIDI.</para>
/// </remarks>
/// <example>
/// <code>
/// var verdict = MidiQualityFilter.Default.Judge(MidiFile.Read("song.mid"));
/// if (!verdict.Passed) Console.WriteLine($"dropped: {verdict.Reason}");
/// </code>
/// </example>
public sealed record MidiQualityFilter
{
    private static readonly int[] SeedNumerators = [2, 3, 4, 6, 12];

    /// <summary>The seed's criteria, literally: ≥ 50 notes, 30–600 s, first numerator in {2, 3, 4, 6, 12}, ≤ 20 notes at once.</summary>
    public static MidiQualityFilter Seed { get; } = new();

    /// <summary>
    /// The project's filter: the seed's rule relaxed where it would discard much real music of our corpora (the census
    /// behind each number is in <c>docs/models.md</c>, "Data pipeline"): a 1/x first time signature counts as
    /// unspecified (POP909's placeholder), a file needs 8 notes and 1 s rather than 50 notes and 30 s (Groove's one-bar
    /// fills, JSB chorales rendered at an arbitrary 100 BPM), may last 1,200 s rather than 600 s (long real performances)
    /// and may sound 64 notes at once rather than 20 (pedalled piano transcriptions).
    /// </summary>
    public static MidiQualityFilter Default { get; } = new()
    {
        MinimumNotes = 8,
        MinimumSeconds = 1,
        MaximumSeconds = 1200,
        MaximumConcurrentNotes = 64,
        NumeratorOneIsUnspecified = true,
    };

    /// <summary>Fewest notes a file may have (over all tracks).</summary>
    public int MinimumNotes { get; init; } = 50;

    /// <summary>Shortest allowed length, seconds to the end of the last note.</summary>
    public double MinimumSeconds { get; init; } = 30;

    /// <summary>Longest allowed length, seconds to the end of the last note.</summary>
    public double MaximumSeconds { get; init; } = 600;

    /// <summary>Numerators the first time signature may have; a file without one passes.</summary>
    public IReadOnlyList<int> AllowedNumerators { get; init; } = SeedNumerators;

    /// <summary>Most notes allowed to sound at the same moment, across every track and channel.</summary>
    public int MaximumConcurrentNotes { get; init; } = 20;

    /// <summary>
    /// Treat a first time signature with numerator 1 like no time signature. Some sources write 1/4 as a placeholder
    /// meaning "meter unknown" (617 of POP909's 909 files).
    /// </summary>
    public bool NumeratorOneIsUnspecified { get; init; }

    /// <summary>Resolves a preset name as the command line spells it.</summary>
    /// <param name="name"><c>default</c>, <c>seed</c> or <c>off</c> (any case).</param>
    /// <param name="filter">The preset; null for <c>off</c> or an unknown name.</param>
    /// <returns>True for a known name (including <c>off</c>).</returns>
    public static bool TryFromName(string? name, out MidiQualityFilter? filter)
    {
        (bool known, filter) = name?.ToLowerInvariant() switch
        {
            "default" => (true, Default),
            "seed" => (true, Seed),
            "off" => (true, (MidiQualityFilter?)null),
            _ => (false, null),
        };
        return known;
    }

    /// <summary>Judges a parsed file.</summary>
    /// <param name="file">The file.</param>
    /// <returns>Passed, or the first failing criterion with the measured value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="file"/> is null.</exception>
    public MidiQualityVerdict Judge(MidiFile file) => Judge(MidiQualityMeasures.Of(file));

    /// <summary>Judges a file's measures, checking the criteria in the order of <see cref="QualityCriterion"/>.</summary>
    /// <param name="measures">The file's measures.</param>
    /// <returns>Passed, or the first failing criterion with the measured value.</returns>
    public MidiQualityVerdict Judge(MidiQualityMeasures measures)
    {
        for (var c = QualityCriterion.NoInstruments; c <= QualityCriterion.TooManyConcurrentNotes; c++)
        {
            if (Fails(c, measures))
            {
                return new MidiQualityVerdict(c, Reason(c, measures));
            }
        }

        return MidiQualityVerdict.Pass;
    }

    /// <summary>Whether the measures fail one criterion, whatever the others say (to count what each one removes alone).</summary>
    /// <param name="criterion">The criterion; <see cref="QualityCriterion.None"/> never fails.</param>
    /// <param name="measures">The file's measures.</param>
    /// <returns>True when that criterion rejects the file.</returns>
    public bool Fails(QualityCriterion criterion, MidiQualityMeasures measures) => criterion switch
    {
        QualityCriterion.NoInstruments => measures.Notes == 0,
        QualityCriterion.TooFewNotes => measures.Notes < MinimumNotes,
        QualityCriterion.TooShort => measures.Seconds < MinimumSeconds,
        QualityCriterion.TooLong => measures.Seconds > MaximumSeconds,
        QualityCriterion.UnusualMeter => measures.FirstNumerator != 0
            && !(NumeratorOneIsUnspecified && measures.FirstNumerator == 1)
            && !AllowedNumerators.Contains(measures.FirstNumerator),
        QualityCriterion.TooManyConcurrentNotes => measures.MaxConcurrentNotes > MaximumConcurrentNotes,
        _ => false,
    };

    /// <summary>A one-line description of the thresholds, for logs and reports.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"≥ {MinimumNotes} notes, {MinimumSeconds:0.##}–{MaximumSeconds:0.##} s, first numerator in {{{string.Join(", ", AllowedNumerators)}}}{(NumeratorOneIsUnspecified ? " (1 = unspecified)" : "")}, ≤ {MaximumConcurrentNotes} notes at once");

    private string Reason(QualityCriterion c, MidiQualityMeasures m) => c switch
    {
        QualityCriterion.NoInstruments => "no notes on any track",
        QualityCriterion.TooFewNotes => string.Create(CultureInfo.InvariantCulture, $"{m.Notes:N0} notes < {MinimumNotes:N0}"),
        QualityCriterion.TooShort => string.Create(CultureInfo.InvariantCulture, $"{m.Seconds:N1} s < {MinimumSeconds:0.##} s"),
        QualityCriterion.TooLong => string.Create(CultureInfo.InvariantCulture, $"{m.Seconds:N1} s > {MaximumSeconds:0.##} s"),
        QualityCriterion.UnusualMeter => string.Create(CultureInfo.InvariantCulture,
            $"first time-signature numerator {m.FirstNumerator} not in {{{string.Join(", ", AllowedNumerators)}}}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{m.MaxConcurrentNotes:N0} notes at once > {MaximumConcurrentNotes:N0}"),
    };
}
