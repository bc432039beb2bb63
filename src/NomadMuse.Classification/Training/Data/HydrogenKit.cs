using System.Xml.Linq;

namespace NomadMuse.Classification.Training.Data;

/// <summary>
/// Reads a Hydrogen drum kit (<c>drumkit.xml</c> + samples): each instrument's sample files with an instrument class
/// guessed from the instrument name (kick / snare / hat-cymbal / tom-percussion). Instruments whose names say nothing
/// reliable (FX, zaps, clicks, whistles, numbered empty slots) are skipped.
/// </summary>
public static class HydrogenKit
{
    /// <summary>Lists the samples of a kit.</summary>
    /// <param name="kitFolder">The folder holding <c>drumkit.xml</c>.</param>
    /// <returns>(sample path, class id, instrument name) for every layer of every recognised instrument.</returns>
    /// <exception cref="IOException">The kit cannot be read.</exception>
    /// <exception cref="FormatException">The XML is malformed.</exception>
    public static IReadOnlyList<(string Path, int ClassId, string Instrument)> ReadSamples(string kitFolder)
    {
        ArgumentNullException.ThrowIfNull(kitFolder);
        XDocument document;
        try
        {
            document = XDocument.Load(Path.Combine(kitFolder, "drumkit.xml"));
        }
        catch (System.Xml.XmlException e)
        {
            throw new FormatException($"{kitFolder}/drumkit.xml: {e.Message}", e);
        }

        var result = new List<(string, int, string)>();
        foreach (XElement instrument in document.Descendants().Where(e => e.Name.LocalName == "instrument"))
        {
            string name = instrument.Elements().FirstOrDefault(e => e.Name.LocalName == "name")?.Value.Trim() ?? "";
            int classId = ClassOf(name);
            if (classId == 0)
            {
                continue;
            }

            foreach (XElement file in instrument.Descendants().Where(e => e.Name.LocalName == "filename"))
            {
                string path = Path.Combine(kitFolder, file.Value.Trim());
                if (File.Exists(path))
                {
                    result.Add((path, classId, name));
                }
            }
        }

        return result;
    }

    /// <summary>The class an instrument name suggests, or 0 when it is not a recognisable drum-kit piece.</summary>
    /// <param name="instrumentName">E.g. "Kick Lite 1", "Sabian Hat Closed", "c3 - bass drum 1".</param>
    /// <returns>1–4, or 0.</returns>
    public static int ClassOf(string instrumentName)
    {
        ArgumentNullException.ThrowIfNull(instrumentName);
        string n = instrumentName.ToLowerInvariant();
        static bool Has(string text, params string[] words) => words.Any(w => text.Contains(w, StringComparison.Ordinal));
        if (Has(n, "zap", "fx", "click", "whistle", "scratch", "snaps"))
        {
            return 0;
        }

        if (Has(n, "cowbell", "conga", "bongo", "djembe", "sangban", "dununba", "kenkeni", "tambourine", "shaker", "maraca", "clave", "wood", "timbale", "agogo", "cajon"))
        {
            return 4;
        }

        if (Has(n, "kick", "bass drum", "bassdrum", "bd "))
        {
            return 1;
        }

        if (Has(n, "snare", "stick", "rim", "clap"))
        {
            return 2;
        }

        if (Has(n, "hat", "hh", "crash", "ride", "cymbal", "splash", "china", "bell"))
        {
            return 3;
        }

        return Has(n, "tom", "drum", "perc") ? 4 : 0;
    }
}
