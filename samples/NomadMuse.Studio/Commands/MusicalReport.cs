using System.Globalization;
using System.Text.Json;
using NomadMuse.Generation.Evaluation;
using NomadMuse.Generation.Training;

namespace NomadMuse.Studio.Commands;

/// <summary>Prints the musical checks of <c>eval generation</c> as a table and as the "musical" JSON object.</summary>
internal static class MusicalReport
{
    public static void WriteText(TextWriter output, MusicalScores scores, ContinuationCheckOptions options, string modelName)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"musical checks ({modelName}): {options.PromptBeats:0.##}-beat prompt from the first bar line, {options.ContinuationBeats:0.##} beats continued, up to {options.FilesPerGroup} files per corpus, seed {options.Seed}"));
        output.WriteLine("  gen = model, no key mask | strict = runtime default strict key mask | real = the file's actual next bars");
        output.WriteLine("  mass = model's in-key probability at the real notes, fed the real music (no sampling, no mask)");
        output.WriteLine("  corpus            files tracks  in-key gen/strict/real  mass   density gen/strict/real  span gen/real  shift gen/real (|mean|)   drum density gen/real  drum keys gen/real  kit gen/real  unmasked mass 35-81/kit");
        foreach (var (name, c) in scores.Groups.Append(new KeyValuePair<string, MusicalComparison>("all", scores.All)))
        {
            MusicalScore g = c.Generated, s = c.Constrained, r = c.Reference;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {name,-16} {c.Files,6} {g.TonalTracks + g.DrumTracks,6}  {P(g.InKeyShare)}/{P(s.InKeyShare)}/{P(r.InKeyShare)}  {P(g.InKeyMass)}   {F(g.DensityRatio)}/{F(s.DensityRatio)}/{F(r.DensityRatio)}     {F(g.PitchSpanRatio)}/{F(r.PitchSpanRatio)}    {S(g.MeanPitchShift)}/{S(r.MeanPitchShift)} ({F(g.MeanAbsolutePitchShift)}/{F(r.MeanAbsolutePitchShift)})   {F(g.DrumDensityRatio)}/{F(r.DrumDensityRatio)}   {P(g.DrumKeyShare)}/{P(r.DrumKeyShare)}   {P(g.KitKeyShare)}/{P(r.KitKeyShare)}   {P(g.DrumKeyMass)}/{P(g.KitKeyMass)}"));
        }
    }

    public static void WriteJson(Utf8JsonWriter w, MusicalScores scores, ContinuationCheckOptions options, string modelName)
    {
        w.WriteStartObject("musical");
        w.WriteString("model", modelName);
        w.WriteNumber("promptBeats", options.PromptBeats);
        w.WriteNumber("continuationBeats", options.ContinuationBeats);
        w.WriteNumber("filesPerCorpus", options.FilesPerGroup);
        w.WriteNumber("seed", options.Seed);
        Comparison(w, "all", scores.All);
        if (scores.Groups.Count > 0)
        {
            w.WriteStartObject("corpora");
            foreach (var (name, c) in scores.Groups)
            {
                Comparison(w, name, c);
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void Comparison(Utf8JsonWriter w, string name, MusicalComparison c)
    {
        w.WriteStartObject(name);
        w.WriteNumber("files", c.Files);
        Score(w, "generated", c.Generated, withMass: true);
        Score(w, "constrained", c.Constrained, withMass: false);
        Score(w, "reference", c.Reference, withMass: false);
        w.WriteEndObject();
    }

    private static void Score(Utf8JsonWriter w, string name, MusicalScore s, bool withMass)
    {
        w.WriteStartObject(name);
        w.WriteNumber("tonalTracks", s.TonalTracks);
        w.WriteNumber("drumTracks", s.DrumTracks);
        w.WriteNumber("notes", s.Notes);
        Number(w, "inKeyShare", s.InKeyShare);
        Number(w, "densityRatio", s.DensityRatio);
        Number(w, "pitchSpanRatio", s.PitchSpanRatio);
        Number(w, "meanPitchShift", s.MeanPitchShift);
        Number(w, "meanAbsolutePitchShift", s.MeanAbsolutePitchShift);
        Number(w, "drumDensityRatio", s.DrumDensityRatio);
        Number(w, "drumKeyShare", s.DrumKeyShare);
        Number(w, "kitKeyShare", s.KitKeyShare);
        if (withMass)
        {
            Number(w, "inKeyMass", s.InKeyMass);
            Number(w, "drumKeyMass", s.DrumKeyMass);
            Number(w, "kitKeyMass", s.KitKeyMass);
        }

        w.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value))
        {
            w.WriteNumber(name, Math.Round(value, 6));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static string P(double v) => double.IsFinite(v) ? v.ToString("P1", CultureInfo.InvariantCulture) : "–";

    private static string F(double v) => double.IsFinite(v) ? v.ToString("0.00", CultureInfo.InvariantCulture) : "–";

    private static string S(double v) => double.IsFinite(v) ? v.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) : "–";
}
