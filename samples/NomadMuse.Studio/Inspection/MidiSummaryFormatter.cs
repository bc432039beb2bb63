using System.Globalization;
using System.Text;
using System.Text.Json;

namespace NomadMuse.Studio.Inspection;

/// <summary>Formats a <see cref="MidiSummary"/> as text or as one JSON object (Utf8JsonWriter: trimming-safe, no reflection).</summary>
internal static class MidiSummaryFormatter
{
    public static string ToJson(MidiSummary s)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("file", s.Path);
            w.WriteNumber("format", s.Format);
            w.WriteNumber("ticksPerQuarterNote", s.TicksPerQuarterNote);
            w.WriteNumber("durationSeconds", Math.Round(s.DurationSeconds, 3));
            w.WriteNumber("tokenCount", s.TokenCount);
            w.WriteStartArray("tracks");
            foreach (TrackSummary t in s.Tracks)
            {
                w.WriteStartObject();
                w.WriteNumber("index", t.Index);
                if (t.Name is null) { w.WriteNull("name"); } else { w.WriteString("name", t.Name); }
                if (t.Channel is int c) { w.WriteNumber("channel", c + 1); } else { w.WriteNull("channel"); }
                w.WriteStartArray("channels");
                foreach (int ch in t.Channels) { w.WriteNumberValue(ch + 1); }
                w.WriteEndArray();
                w.WriteNumber("notes", t.Notes);
                w.WriteNumber("controls", t.Controls);
                w.WriteBoolean("drum", t.IsDrum);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("tempoChanges");
            foreach (TempoSummary t in s.Tempos)
            {
                w.WriteStartObject();
                w.WriteNumber("tick", t.Tick);
                w.WriteNumber("seconds", Math.Round(t.Seconds, 6));
                w.WriteNumber("bpm", Math.Round(t.BeatsPerMinute, 3));
                w.WriteNumber("microsecondsPerQuarterNote", t.MicrosecondsPerQuarterNote);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("timeSignatures");
            foreach (var ts in s.TimeSignatures)
            {
                w.WriteStartObject();
                w.WriteNumber("tick", ts.Tick);
                w.WriteNumber("numerator", ts.Numerator);
                w.WriteNumber("denominator", ts.Denominator);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("keySignatures");
            foreach (var ks in s.KeySignatures)
            {
                w.WriteStartObject();
                w.WriteNumber("tick", ks.Tick);
                w.WriteNumber("sharpsOrFlats", ks.SharpsOrFlats);
                w.WriteBoolean("minor", ks.IsMinor);
                w.WriteString("name", ks.Name);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static void WriteText(MidiSummary s, TextWriter o)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        o.WriteLine(string.Create(inv, $"{s.Path}"));
        o.WriteLine(string.Create(inv, $"  format {s.Format}, {s.TicksPerQuarterNote} ticks per quarter note, {s.DurationSeconds:F2} s, {s.TokenCount} tokens"));
        o.WriteLine(string.Create(inv, $"  tracks ({s.Tracks.Count}):"));
        foreach (TrackSummary t in s.Tracks)
        {
            string channel = t.Channels.Count == 0 ? "-" : string.Join(",", t.Channels.Select(c => (c + 1).ToString(inv)));
            o.WriteLine(string.Create(inv, $"    {t.Index,2}  {(t.Name ?? "(unnamed)"),-20} channel {channel,-6} {t.Notes,7} notes {t.Controls,7} controls{(t.IsDrum ? "  drums" : string.Empty)}"));
        }

        o.WriteLine(string.Create(inv, $"  tempo changes ({s.Tempos.Count}):"));
        foreach (TempoSummary t in s.Tempos.Take(20))
        {
            o.WriteLine(string.Create(inv, $"    tick {t.Tick,8}  {t.Seconds,9:F3} s  {t.BeatsPerMinute,8:F2} BPM"));
        }

        if (s.Tempos.Count > 20)
        {
            o.WriteLine(string.Create(inv, $"    … {s.Tempos.Count - 20} more"));
        }

        o.WriteLine(string.Create(inv, $"  time signatures: {(s.TimeSignatures.Count == 0 ? "none" : string.Join(", ", s.TimeSignatures.Select(t => t.ToString())))}"));
        o.WriteLine(string.Create(inv, $"  key signatures: {(s.KeySignatures.Count == 0 ? "none" : string.Join(", ", s.KeySignatures.Select(k => k.ToString())))}"));
    }
}
