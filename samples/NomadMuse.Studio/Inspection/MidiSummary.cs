using NomadMuse.Generation.Midi;
using NomadMuse.Generation.Tokens;

namespace NomadMuse.Studio.Inspection;

/// <summary>The facts <c>inspect</c> reports about one file.</summary>
internal sealed record MidiSummary(
    string Path,
    int Format,
    int TicksPerQuarterNote,
    double DurationSeconds,
    IReadOnlyList<TrackSummary> Tracks,
    IReadOnlyList<TempoSummary> Tempos,
    IReadOnlyList<TimeSignature> TimeSignatures,
    IReadOnlyList<KeySignature> KeySignatures,
    int TokenCount)
{
    public static MidiSummary Create(string path, MidiFile file)
    {
        TrackSummary[] tracks = [.. file.Tracks.Select((t, i) => new TrackSummary(i, t.Name, t.Channel, t.Channels, t.Notes.Count, t.Controls.Count, t.IsPercussion))];
        TempoSummary[] tempos = [.. file.TempoMap.Changes.Select(c => new TempoSummary(c.Tick, file.TempoMap.TicksToSeconds(c.Tick), c.BeatsPerMinute, c.MicrosecondsPerQuarterNote))];
        return new MidiSummary(path, file.Format, file.TicksPerQuarterNote, file.DurationSeconds, tracks, tempos, file.TimeSignatures, file.KeySignatures, CountTokens(file));
    }

    /// <summary>Tokens of the whole file (tracks interleaved) with the default tokenizer settings.</summary>
    private static int CountTokens(MidiFile file) => new MuseTokenizer().CountTokens(file);
}

internal sealed record TrackSummary(int Index, string? Name, int? Channel, IReadOnlyList<int> Channels, int Notes, int Controls, bool IsDrum);

internal sealed record TempoSummary(long Tick, double Seconds, double BeatsPerMinute, int MicrosecondsPerQuarterNote);
