using System.Globalization;
using System.Text;
using System.Text.Json;
using NomadMuse.Generation.Tokens;
using NomadMuse.Generation.Training;

namespace NomadMuse.Studio.Commands;

/// <summary>
/// The logic of <c>inspect corpus</c> (no System.CommandLine in it, so tests compile it in): what a quality filter
/// removes from each corpus folder of a MIDI folder, by criterion, in files and in shares of notes and tokens.
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
                return (Name: g.Key, Census: QualityCensus.Take(store, filter, i => members.Contains(i) && InSplit(i)));
            })
            .ToList();
        groups.Add(("all", QualityCensus.Take(store, filter, InSplit)));
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
        IReadOnlyList<(string Name, QualityCensus Census)> groups)
    {
        output.WriteLine($"quality filter {name} ({filter.Describe()}) on {data}, {split} split");
        output.WriteLine("'first' = files whose verdict names the criterion (they add up to the removed files); 'alone' = files the criterion fails whatever the others say; shares are of the corpus's notes and tokens.");
        foreach (var (group, census) in groups)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{group}: {census.Total.Files:N0} files, {census.Total.Notes:N0} notes, {census.Total.Tokens:N0} tokens{(census.Unreadable > 0 ? $", {census.Unreadable} unreadable" : "")}; pass {census.Passed.Files:N0} ({Share(census.Passed.Files, census.Total.Files)} of files, {Share(census.Passed.Notes, census.Total.Notes)} of notes, {Share(census.Passed.Tokens, census.Total.Tokens)} of tokens)"));
            foreach (var c in QualityCensus.Criteria)
            {
                QualityTally first = census.FirstFailing[c], alone = census.Alone[c];
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {QualityCensus.Label(c),-17} first {first.Files,6:N0} files ({Share(first.Notes, census.Total.Notes),6} notes, {Share(first.Tokens, census.Total.Tokens),6} tokens)   alone {alone.Files,6:N0} files ({Share(alone.Notes, census.Total.Notes),6} notes, {Share(alone.Tokens, census.Total.Tokens),6} tokens)"));
            }
        }
    }

    private static string ToJson(string data, string name, MidiQualityFilter filter, string split, IReadOnlyList<(string Name, QualityCensus Census)> groups)
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
            foreach (var (group, census) in groups)
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
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
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
