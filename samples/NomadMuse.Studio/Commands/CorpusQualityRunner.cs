using System.Globalization;
using System.Text;
using System.Text.Json;
using NomadMuse.Generation.Tokens;
using NomadMuse.Generation.Training;

namespace NomadMuse.Studio.Commands;

/// <summary>
/// The logic of <c>inspect corpus</c> (no System.CommandLine in it, so tests compile it in): what a quality filter
/// removes from each corpus folder of a MIDI folder, by criterion, in files and in shares of notes and tokens; and
/// what per-track swing detection flags in each (<see cref="SwingCensus"/>).
/// </summary>
internal static class CorpusQualityRunner
{
    /// <summary>The command's options.</summary>
    /// <param name="Data">MIDI folder; its first-level subfolders are the corpora.</param>
    /// <param name="Filter">Preset name: seed or default.</param>
    /// <param name="Split">train, valid, test or all.</param>
    /// <param name="Json">Print one JSON object instead of the table.</param>
    /// <param name="Cache">Token cache folder, or null for none.</param>
    internal sealed record Settings(string Data, string Filter, string Split, bool Json, string? Cache);

    /// <summary>Files directly in the folder, not in a corpus subfolder.</summary>
    private const string RootGroup = "(root)";

    public static int Run(Settings s, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (!MidiQualityFilter.TryFromName(s.Filter, out var filter) || filter is null)
        {
            error.WriteLine($"error: --quality-filter must be seed or default (got '{s.Filter}').");
            return 2;
        }

        if (!TryParseSplit(s.Split, out DatasetSplit? split))
        {
            error.WriteLine($"error: --split must be train, valid, test or all (got '{s.Split}').");
            return 2;
        }

        TokenStore store;
        try
        {
            store = TokenStore.Load(s.Data, new TokenizerOptions(), s.Cache);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: cannot read {s.Data}: {e.Message}");
            return 1;
        }

        bool InSplit(int i) => split is null || store.Files[i].Split == split;
        var groups = store.Files.Select((f, i) => (Group: GroupOf(f.RelativePath), Index: i))
            .GroupBy(x => x.Group, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var members = g.Select(x => x.Index).ToHashSet();
                // The swing census reads the MIDI again (the store keeps no note times), whatever the store's setting.
                var swing = SwingCensus.Take(g.Where(x => InSplit(x.Index)).Select(x => store.Files[x.Index].FullPath));
                return new Group(g.Key, QualityCensus.Take(store, filter, i => members.Contains(i) && InSplit(i)), swing);
            })
            .ToList();
        groups.Add(new Group("all", QualityCensus.Take(store, filter, InSplit), SwingCensus.Combine(groups.Select(g => g.Swing))));
        string splitName = split?.ToString().ToLowerInvariant() ?? "all";
        if (s.Json)
        {
            output.WriteLine(ToJson(s.Data, s.Filter.ToLowerInvariant(), filter, splitName, groups));
        }
        else
        {
            WriteText(output, s.Data, s.Filter.ToLowerInvariant(), filter, splitName, groups);
        }

        return 0;
    }

    /// <summary>One corpus (or all of them): its quality census and its swing census.</summary>
    private sealed record Group(string Name, QualityCensus Census, SwingCensus Swing);

    private static bool TryParseSplit(string text, out DatasetSplit? split)
    {
        split = null;
        if (string.Equals(text, "all", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // By name only: Enum.TryParse would also take numbers.
        foreach (var value in Enum.GetValues<DatasetSplit>())
        {
            if (string.Equals(text, value.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                split = value;
                return true;
            }
        }

        return false;
    }

    private static string GroupOf(string relativePath)
    {
        int slash = relativePath.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? relativePath[..slash] : RootGroup;
    }

    private static string Share(long part, long whole) =>
        whole == 0 ? "-" : (part / (double)whole).ToString("P1", CultureInfo.InvariantCulture);

    private static void WriteText(TextWriter output, string data, string name, MidiQualityFilter filter, string split,
        IReadOnlyList<Group> groups)
    {
        output.WriteLine($"quality filter {name} ({filter.Describe()}) on {data}, {split} split");
        output.WriteLine("'first' = files whose verdict names the criterion (they add up to the removed files); 'alone' = files the criterion fails whatever the others say; shares are of the corpus's notes and tokens.");
        output.WriteLine("'swing' = tracks that swing detection flags (ratio estimate > 0.5 and straightening fits the grid ≥ 25 % better), their ratios, and the 16th-grid onset error of their notes straight → with detection.");
        foreach (var (group, census, swing) in groups)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{group}: {census.Total.Files:N0} files, {census.Total.Notes:N0} notes, {census.Total.Tokens:N0} tokens{(census.Unreadable > 0 ? $", {census.Unreadable} unreadable" : "")}; pass {census.Passed.Files:N0} ({Share(census.Passed.Files, census.Total.Files)} of files, {Share(census.Passed.Notes, census.Total.Notes)} of notes, {Share(census.Passed.Tokens, census.Total.Tokens)} of tokens)"));
            foreach (var c in QualityCensus.Criteria)
            {
                QualityTally first = census.FirstFailing[c], alone = census.Alone[c];
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {QualityCensus.Label(c),-17} first {first.Files,6:N0} files ({Share(first.Notes, census.Total.Notes),6} notes, {Share(first.Tokens, census.Total.Tokens),6} tokens)   alone {alone.Files,6:N0} files ({Share(alone.Notes, census.Total.Notes),6} notes, {Share(alone.Tokens, census.Total.Tokens),6} tokens)"));
            }

            output.WriteLine(SwingLine(swing));
        }
    }

    /// <summary>The swing census as one indented line of the text report.</summary>
    internal static string SwingLine(SwingCensus swing) => swing.SwungTracks == 0
        ? string.Create(CultureInfo.InvariantCulture, $"  swing             0 of {swing.Tracks:N0} tracks flagged (estimate alone {swing.Estimated:N0})")
        : string.Create(CultureInfo.InvariantCulture,
            $"  swing             {swing.SwungTracks:N0} of {swing.Tracks:N0} tracks flagged ({Share(swing.SwungTracks, swing.Tracks)}; estimate alone {swing.Estimated:N0}); ratio p10 {swing.RatioAt(0.1):F3}, median {swing.RatioAt(0.5):F3}, p90 {swing.RatioAt(0.9):F3}; their onset error {swing.StraightErrorMs:F1} → {swing.DetectedErrorMs:F1} ms, {Share(swing.MovedOnsets, swing.SwungOnsets)} of their {swing.SwungOnsets:N0} onsets change grid step");

    private static string ToJson(string data, string name, MidiQualityFilter filter, string split, IReadOnlyList<Group> groups)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("data", data);
            w.WriteString("quality_filter", name);
            w.WriteString("thresholds", filter.Describe());
            w.WriteString("split", split);
            w.WriteStartObject("corpora");
            foreach (var (group, census, swing) in groups)
            {
                w.WriteStartObject(group);
                Tally(w, "total", census.Total);
                Tally(w, "passed", census.Passed);
                w.WriteNumber("unreadable", census.Unreadable);
                w.WriteStartObject("criteria");
                foreach (var c in QualityCensus.Criteria)
                {
                    w.WriteStartObject(JsonNamingPolicy.SnakeCaseLower.ConvertName(c.ToString()));
                    Tally(w, "first", census.FirstFailing[c]);
                    Tally(w, "alone", census.Alone[c]);
                    w.WriteEndObject();
                }

                w.WriteEndObject();
                Swing(w, swing);
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Swing(Utf8JsonWriter w, SwingCensus swing)
    {
        w.WriteStartObject("swing");
        w.WriteNumber("tracks", swing.Tracks);
        w.WriteNumber("swung_tracks", swing.SwungTracks);
        w.WriteNumber("estimated_tracks", swing.Estimated);
        if (swing.SwungTracks > 0)
        {
            w.WriteStartObject("ratio");
            w.WriteNumber("min", swing.RatioAt(0));
            w.WriteNumber("p10", swing.RatioAt(0.1));
            w.WriteNumber("median", swing.RatioAt(0.5));
            w.WriteNumber("p90", swing.RatioAt(0.9));
            w.WriteNumber("max", swing.RatioAt(1));
            w.WriteEndObject();
        }

        w.WriteNumber("swung_onsets", swing.SwungOnsets);
        w.WriteNumber("moved_onsets", swing.MovedOnsets);
        w.WriteNumber("onset_error_ms_straight", Math.Round(swing.StraightErrorMs, 3));
        w.WriteNumber("onset_error_ms_detected", Math.Round(swing.DetectedErrorMs, 3));
        w.WriteEndObject();
    }

    private static void Tally(Utf8JsonWriter w, string name, QualityTally t)
    {
        w.WriteStartObject(name);
        w.WriteNumber("files", t.Files);
        w.WriteNumber("notes", t.Notes);
        w.WriteNumber("tokens", t.Tokens);
        w.WriteEndObject();
    }
}
