using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using NomadMuse.State;

namespace NomadMuse.Analysis;

/// <summary>
/// A tonal-balance target: for each <see cref="Band"/> a level in dB re the total 20 Hz–20 kHz power (the
/// <see cref="SpectralBalance.LongTermRelative"/> scale) and a tolerance in dB, with a note on what it rests on.
/// </summary>
/// <remarks>
/// Eight built-in genres ship as an embedded JSON resource built from <c>shared/data/mixes/genre-medians.csv</c>
/// (see docs/analysis.md for n, scope and basis per genre). Immutable and thread-safe.
/// </remarks>
public sealed class GenreTarget
{
    private const string ResourceName = "NomadMuse.Analysis.GenreTargets.json";
    private const string FormatName = "nomadmuse-genre-targets";
    private static readonly Lazy<ImmutableArray<GenreTarget>> Builtins = new(LoadBuiltins);
    private static readonly string[] BandKeys = ["sub_bass", "bass", "low_mid", "mid", "high_mid", "presence", "air"];
    private readonly double[] _levels;
    private readonly double[] _tolerances;

    /// <summary>Creates a target.</summary>
    /// <param name="name">A short name, e.g. "rock".</param>
    /// <param name="levelsDb">Seven finite levels in <see cref="Band"/> order, dB re total.</param>
    /// <param name="toleranceDb">Seven tolerances in dB, each from 0.5 to 20.</param>
    /// <param name="trackCount">How many tracks the curve rests on (0 when derived).</param>
    /// <param name="basis">What the curve rests on, in words.</param>
    /// <exception cref="ArgumentException">Wrong counts or a non-finite level.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A tolerance or the track count is out of range.</exception>
    public GenreTarget(string name, ReadOnlySpan<double> levelsDb, ReadOnlySpan<double> toleranceDb, int trackCount, string basis)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(basis);
        if (levelsDb.Length != BandInfo.Count || toleranceDb.Length != BandInfo.Count)
        {
            throw new ArgumentException($"A target needs {BandInfo.Count} levels and tolerances, got {levelsDb.Length} and {toleranceDb.Length}.", nameof(levelsDb));
        }

        foreach (double level in levelsDb)
        {
            if (!double.IsFinite(level))
            {
                throw new ArgumentException($"Target levels must be finite, got {level}.", nameof(levelsDb));
            }
        }

        foreach (double tolerance in toleranceDb)
        {
            if (!(tolerance is >= 0.5 and <= 20))
            {
                throw new ArgumentOutOfRangeException(nameof(toleranceDb), tolerance, "Tolerances must be from 0.5 to 20 dB.");
            }
        }

        ArgumentOutOfRangeException.ThrowIfNegative(trackCount);
        Name = name;
        _levels = levelsDb.ToArray();
        _tolerances = toleranceDb.ToArray();
        TrackCount = trackCount;
        Basis = basis;
    }

    /// <summary>The names of the built-in targets: pop, rock, edm, hip-hop, jazz, classical, metal, indie.</summary>
    public static ImmutableArray<string> BuiltinNames => [.. Builtins.Value.Select(t => t.Name)];

    /// <summary>The target's name.</summary>
    public string Name { get; }

    /// <summary>The number of tracks the curve rests on; 0 for a derived curve.</summary>
    public int TrackCount { get; }

    /// <summary>What the curve rests on (source, scope, weaknesses).</summary>
    public string Basis { get; }

    /// <summary>The target level of <paramref name="band"/>, dB re total.</summary>
    /// <param name="band">A defined band.</param>
    /// <returns>The level.</returns>
    public double LevelDb(Band band) => _levels[Index(band)];

    /// <summary>How far (dB) a mix may sit from <see cref="LevelDb"/> before it counts as a deviation.</summary>
    /// <param name="band">A defined band.</param>
    /// <returns>The tolerance.</returns>
    public double ToleranceDb(Band band) => _tolerances[Index(band)];

    /// <summary>A built-in genre target.</summary>
    /// <param name="name">pop, rock, EDM, hip-hop, jazz, classical, metal or indie; case, spaces, '-' and '_' ignored.</param>
    /// <returns>The target.</returns>
    /// <exception cref="ArgumentException">No built-in target has that name.</exception>
    public static GenreTarget Builtin(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string key = Normalise(name);
        foreach (GenreTarget target in Builtins.Value)
        {
            if (Normalise(target.Name) == key)
            {
                return target;
            }
        }

        throw new ArgumentException($"Unknown genre '{name}'; built-in genres are {string.Join(", ", BuiltinNames)}.", nameof(name));
    }

    /// <summary>Builds a target from audio: the per-band median over the files of their long-term (Welch, 8192-point) levels.</summary>
    /// <param name="name">The new target's name.</param>
    /// <param name="paths">WAV or FLAC files, or folders (whose *.wav and *.flac files are taken, not recursively).</param>
    /// <param name="toleranceDb">The tolerance for every band, dB.</param>
    /// <returns>The target; tolerance is widened to the median absolute deviation × 1.4826 where that is larger.</returns>
    /// <exception cref="ArgumentException">No audio file was found, or a file has a band with no energy.</exception>
    /// <exception cref="InvalidDataException">A file is not readable WAV or FLAC.</exception>
    public static GenreTarget FromAudio(string name, IEnumerable<string> paths, double toleranceDb = 3.0)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var files = new List<string>();
        foreach (string path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path)
                    .Where(f => f.EndsWith(".wav", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".flac", StringComparison.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal));
            }
            else
            {
                files.Add(path);
            }
        }

        if (files.Count == 0)
        {
            throw new ArgumentException("No WAV or FLAC file to build a target from.", nameof(paths));
        }

        var perBand = new List<double>[BandInfo.Count];
        for (int b = 0; b < BandInfo.Count; b++)
        {
            perBand[b] = new List<double>(files.Count);
        }

        foreach (string file in files)
        {
            BandLevels levels = AudioFileAnalysis.Analyze(file, null).Balance.LongTermRelative;
            for (int b = 0; b < BandInfo.Count; b++)
            {
                double level = levels[(Band)b];
                if (!double.IsFinite(level))
                {
                    throw new ArgumentException($"{file}: band {BandKeys[b]} has no energy (silent or band-limited); it cannot define a target.", nameof(paths));
                }

                perBand[b].Add(level);
            }
        }

        Span<double> medians = stackalloc double[BandInfo.Count];
        Span<double> tolerances = stackalloc double[BandInfo.Count];
        for (int b = 0; b < BandInfo.Count; b++)
        {
            medians[b] = Median(perBand[b]);
            double m = medians[b];
            double spread = files.Count >= 3 ? 1.4826 * Median(perBand[b].Select(v => Math.Abs(v - m)).ToList()) : 0;
            tolerances[b] = Math.Clamp(Math.Max(toleranceDb, spread), 0.5, 20);
        }

        return new GenreTarget(name, medians, tolerances, files.Count, $"median of {files.Count} file(s) measured by GenreTarget.FromAudio");
    }

    /// <summary>Builds a target from one set of measured levels (e.g. a reference mix).</summary>
    /// <param name="name">The new target's name.</param>
    /// <param name="levels">Relative levels; every band must be present and finite.</param>
    /// <param name="toleranceDb">The tolerance for every band, dB.</param>
    /// <returns>The target.</returns>
    /// <exception cref="ArgumentException">A band is absent or silent.</exception>
    public static GenreTarget FromLevels(string name, BandLevels levels, double toleranceDb = 3.0)
    {
        Span<double> values = stackalloc double[BandInfo.Count];
        Span<double> tolerances = stackalloc double[BandInfo.Count];
        levels.CopyTo(values);
        tolerances.Fill(toleranceDb);
        return new GenreTarget(name, values, tolerances, 1, "one reference measurement");
    }

    /// <summary>Reads a target saved by <see cref="Save"/>.</summary>
    /// <param name="path">A JSON file.</param>
    /// <returns>The target.</returns>
    /// <exception cref="InvalidDataException">The file is not a target file, naming what is wrong.</exception>
    public static GenreTarget Load(string path)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(path));
            JsonElement root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("genres", out JsonElement genres) && genres.ValueKind == JsonValueKind.Array && genres.GetArrayLength() == 1)
            {
                root = genres[0];
            }

            return Parse(root, path);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON ({e.Message}).", e);
        }
    }

    /// <summary>Writes the target as JSON (via a temporary file moved into place).</summary>
    /// <param name="path">The destination; overwritten.</param>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        string temp = full + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".tmp";
        using (FileStream stream = File.Create(temp))
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("format", FormatName);
            writer.WriteNumber("version", 1);
            writer.WriteString("name", Name);
            writer.WriteNumber("n", TrackCount);
            writer.WriteString("basis", Basis);
            writer.WritePropertyName("bandsDb");
            WriteArray(writer, _levels);
            writer.WritePropertyName("toleranceDb");
            WriteArray(writer, _tolerances);
            writer.WriteEndObject();
        }

        File.Move(temp, full, overwrite: true);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} (n = {TrackCount})";

    internal static string BandKey(Band band) => BandKeys[Index(band)];

    private static void WriteArray(Utf8JsonWriter writer, double[] values)
    {
        writer.WriteStartArray();
        foreach (double v in values)
        {
            writer.WriteNumberValue(Math.Round(v, 3));
        }

        writer.WriteEndArray();
    }

    private static GenreTarget Parse(JsonElement e, string where)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{where}: a target must be a JSON object.");
        }

        string name = e.TryGetProperty("name", out JsonElement n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : throw new InvalidDataException($"{where}: missing string 'name'.");
        double[] levels = Numbers(e, "bandsDb", where);
        double[] tolerances = e.TryGetProperty("toleranceDb", out _) ? Numbers(e, "toleranceDb", where) : [3, 3, 3, 3, 3, 3, 3];
        int count = e.TryGetProperty("n", out JsonElement c) && c.TryGetInt32(out int v) ? v : 0;
        string basis = e.TryGetProperty("basis", out JsonElement b) && b.ValueKind == JsonValueKind.String ? b.GetString()! : "";
        try
        {
            return new GenreTarget(name, levels, tolerances, count, basis);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException($"{where}: target '{name}': {ex.Message}", ex);
        }
    }

    private static double[] Numbers(JsonElement e, string property, string where)
    {
        if (!e.TryGetProperty(property, out JsonElement array) || array.ValueKind != JsonValueKind.Array || array.GetArrayLength() != BandInfo.Count)
        {
            throw new InvalidDataException($"{where}: '{property}' must be an array of {BandInfo.Count} numbers.");
        }

        var values = new double[BandInfo.Count];
        for (int i = 0; i < values.Length; i++)
        {
            if (!array[i].TryGetDouble(out values[i]))
            {
                throw new InvalidDataException($"{where}: '{property}'[{i}] is not a number.");
            }
        }

        return values;
    }

    private static ImmutableArray<GenreTarget> LoadBuiltins()
    {
        using Stream stream = typeof(GenreTarget).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from the assembly.");
        using JsonDocument doc = JsonDocument.Parse(stream);
        var builder = ImmutableArray.CreateBuilder<GenreTarget>();
        foreach (JsonElement genre in doc.RootElement.GetProperty("genres").EnumerateArray())
        {
            builder.Add(Parse(genre, ResourceName));
        }

        return builder.ToImmutable();
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        int mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    private static string Normalise(string name) =>
        new(name.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

    private static int Index(Band band) => (uint)band < BandInfo.Count
        ? (int)band
        : throw new ArgumentOutOfRangeException(nameof(band), band, "Not a defined band.");
}
