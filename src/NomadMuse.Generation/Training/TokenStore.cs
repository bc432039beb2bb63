using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NomadMuse.Generation.Midi;
using NomadMuse.Generation.Tokens;

namespace NomadMuse.Generation.Training;

/// <summary>
/// A MIDI folder tokenized once and cached as a binary file, so training epochs and evaluations do not re-parse MIDI.
/// </summary>
/// <remarks>
/// The cache file name is a SHA-256 of the folder's full path, the tokenizer options and every file's relative path,
/// size and modification time, so any change rebuilds it. It is written to a temp file and moved into place. Files
/// that fail to parse are skipped and counted in <see cref="SkippedFiles"/>.
/// Each file's <see cref="MidiQualityMeasures"/> are cached with its tokens (not a verdict), so any
/// <see cref="MidiQualityFilter"/> can select files later without parsing MIDI again.
/// The <see cref="SwingDetection"/> setting is part of the key too, and each sequence's swing ratio is cached with it.
/// </remarks>
public sealed class TokenStore
{
    private const uint Magic = 0x53544D4E; // "NMTS"
    // 2: per-file quality measures after the sequences (a version-1 cache lacks them and is rebuilt).
    // 3: each sequence's swing ratio after its tokens (older caches lack it and are rebuilt).
    private const int Version = 3;

    /// <summary>
    /// The pipeline's swing setting when none is given: <see cref="SwingDetection.Detect"/>. Measured on the four
    /// corpora it flags 19 % of tracks and halves their onset error, and leaves the straight-trained default model's
    /// test perplexity within 0.4 % (docs/models.md, "Data pipeline").
    /// </summary>
    public const SwingDetection DefaultSwing = SwingDetection.Detect;

    private TokenStore(IReadOnlyList<CorpusFile> files, IReadOnlyList<TrackSequence> sequences, IReadOnlyList<MidiQualityMeasures?> quality,
        int skipped, bool fromCache, SwingDetection swing)
    {
        Swing = swing;
        Files = files;
        Quality = quality;
        Sequences = sequences;
        SkippedFiles = skipped;
        LoadedFromCache = fromCache;
    }

    /// <summary>The scanned files, index = <see cref="TrackSequence.FileIndex"/>.</summary>
    public IReadOnlyList<CorpusFile> Files { get; }

    /// <summary>Every tokenized track of every file.</summary>
    public IReadOnlyList<TrackSequence> Sequences { get; }

    /// <summary>Each file's quality measures, index = file index; null for a file that could not be read.</summary>
    public IReadOnlyList<MidiQualityMeasures?> Quality { get; }

    /// <summary>Files that could not be read as MIDI.</summary>
    public int SkippedFiles { get; }

    /// <summary>Whether the sequences came from the cache file rather than from parsing.</summary>
    public bool LoadedFromCache { get; }

    /// <summary>Whether each track's swing was detected (see <see cref="TrackSequence.SwingRatio"/>).</summary>
    public SwingDetection Swing { get; }

    /// <summary>The sequences of files in <paramref name="split"/>.</summary>
    public IEnumerable<TrackSequence> InSplit(DatasetSplit split) => Sequences.Where(s => Files[s.FileIndex].Split == split);

    /// <summary>The sequences of files in <paramref name="split"/> that pass <paramref name="filter"/> (all of them when null).</summary>
    public IEnumerable<TrackSequence> InSplit(DatasetSplit split, MidiQualityFilter? filter) =>
        InSplit(split).Where(s => Passes(s.FileIndex, filter));

    /// <summary>Whether file <paramref name="fileIndex"/> was read and passes <paramref name="filter"/> (any readable file when null).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fileIndex"/> is not a file of the store.</exception>
    public bool Passes(int fileIndex, MidiQualityFilter? filter)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fileIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(fileIndex, Files.Count);
        return Quality[fileIndex] is { } measures && (filter is null || filter.Judge(measures).Passed);
    }

    /// <summary>Loads the folder from the cache under <paramref name="cacheFolder"/>, building it when missing or stale.</summary>
    /// <param name="folder">MIDI folder (scanned recursively).</param>
    /// <param name="options">Tokenizer options (part of the cache key).</param>
    /// <param name="cacheFolder">Where cache files live; null disables caching.</param>
    /// <param name="maxFiles">Keep only the first N files (ordinal order); 0 = all.</param>
    /// <param name="swing">Whether each track's swing is detected and straightened (part of the cache key).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="swing"/> is not a defined setting.</exception>
    public static TokenStore Load(string folder, TokenizerOptions? options, string? cacheFolder, int maxFiles = 0,
        SwingDetection swing = DefaultSwing)
    {
        if (!Enum.IsDefined(swing))
        {
            throw new ArgumentOutOfRangeException(nameof(swing), swing, "Unknown swing detection setting.");
        }

        options ??= new TokenizerOptions();
        var files = MidiCorpus.Scan(folder);
        if (maxFiles > 0 && files.Count > maxFiles)
        {
            files = [.. files.Take(maxFiles)];
        }

        string? cachePath = cacheFolder is null ? null : Path.Combine(cacheFolder, $"tokens-{CacheKey(folder, options, swing, files)}.nmts");
        if (cachePath is not null && File.Exists(cachePath))
        {
            try
            {
                using var stream = File.OpenRead(cachePath);
                var (sequences, quality, skipped) = Read(stream, files.Count);
                return new TokenStore(files, sequences, quality, skipped, true, swing);
            }
            catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException)
            {
                // A damaged cache is rebuilt below.
            }
        }

        var tokenizer = new MuseTokenizer(options);
        var all = new List<TrackSequence>();
        var measured = new MidiQualityMeasures?[files.Count];
        int bad = 0;
        for (int i = 0; i < files.Count; i++)
        {
            MidiFile midi;
            try
            {
                midi = MidiFile.Read(files[i].FullPath);
            }
            catch (Exception e) when (e is MidiFormatException or IOException)
            {
                bad++;
                continue;
            }

            all.AddRange(TrackTokenizer.Tokenize(midi, tokenizer, i, swing));
            measured[i] = MidiQualityMeasures.Of(midi);
        }

        if (cachePath is not null)
        {
            Directory.CreateDirectory(cacheFolder!);
            string temp = $"{cachePath}.{Guid.NewGuid():N}.tmp";
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                Write(stream, all, measured, bad);
                stream.Flush(true);
            }

            File.Move(temp, cachePath, overwrite: true);
        }

        return new TokenStore(files, all, measured, bad, false, swing);
    }

    private static string CacheKey(string folder, TokenizerOptions o, SwingDetection swing, IReadOnlyList<CorpusFile> files)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"v{Version}|{Path.GetFullPath(folder)}|{o.GridStepsPerBeat}|{o.SwingRatio:R}|{o.VelocityTokens}|{o.IncludeControls}|swing:{swing}|");
        foreach (var kv in o.DrumKeyMap.OrderBy(k => k.Key))
        {
            text.Append(CultureInfo.InvariantCulture, $"{kv.Key}:{kv.Value},");
        }

        foreach (var f in files)
        {
            var info = new FileInfo(f.FullPath);
            text.Append(CultureInfo.InvariantCulture, $"|{f.RelativePath}:{info.Length}:{info.LastWriteTimeUtc.Ticks}");
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..24].ToLowerInvariant();
    }

    private static void Write(Stream stream, List<TrackSequence> sequences, MidiQualityMeasures?[] quality, int skipped)
    {
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        w.Write(Magic);
        w.Write(Version);
        w.Write(skipped);
        w.Write(sequences.Count);
        foreach (var s in sequences)
        {
            w.Write(s.FileIndex);
            w.Write((byte)s.Instrument);
            w.Write((byte)s.TrackType);
            w.Write(s.Tokens.Length);
            foreach (ushort t in s.Tokens)
            {
                w.Write(t);
            }

            w.Write(s.SwingRatio);
        }

        w.Write(quality.Length);
        foreach (var q in quality)
        {
            w.Write(q.HasValue);
            var m = q.GetValueOrDefault();
            w.Write(m.Notes);
            w.Write(m.Seconds);
            w.Write(m.FirstNumerator);
            w.Write(m.MaxConcurrentNotes);
        }

        w.Write(Magic);
    }

    private static (List<TrackSequence> Sequences, MidiQualityMeasures?[] Quality, int Skipped) Read(Stream stream, int fileCount)
    {
        using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        if (r.ReadUInt32() != Magic || r.ReadInt32() != Version)
        {
            throw new InvalidDataException("not a token store of this version");
        }

        int skipped = r.ReadInt32();
        int count = r.ReadInt32();
        if (count < 0 || skipped < 0)
        {
            throw new InvalidDataException("negative count");
        }

        var list = new List<TrackSequence>(Math.Min(count, 1 << 20));
        for (int i = 0; i < count; i++)
        {
            int file = r.ReadInt32();
            int instrument = r.ReadByte(), type = r.ReadByte(), length = r.ReadInt32();
            if ((uint)file >= (uint)fileCount || instrument > 20 || type > 2 || length < 0 || length > stream.Length)
            {
                throw new InvalidDataException($"bad sequence header {i}");
            }

            var tokens = new ushort[length];
            for (int k = 0; k < length; k++)
            {
                tokens[k] = r.ReadUInt16();
                if (tokens[k] >= MuseVocabulary.Size)
                {
                    throw new InvalidDataException($"token out of range in sequence {i}");
                }
            }

            double swing = r.ReadDouble();
            if (!(swing is >= 0.5 and <= 0.75))
            {
                throw new InvalidDataException($"swing ratio out of range in sequence {i}");
            }

            list.Add(new TrackSequence(file, instrument, type, tokens, swing));
        }

        if (r.ReadInt32() != fileCount)
        {
            throw new InvalidDataException("quality measures for another number of files");
        }

        var quality = new MidiQualityMeasures?[fileCount];
        for (int i = 0; i < fileCount; i++)
        {
            bool read = r.ReadBoolean();
            var m = new MidiQualityMeasures(r.ReadInt32(), r.ReadDouble(), r.ReadInt32(), r.ReadInt32());
            if (m.Notes < 0 || !(m.Seconds >= 0) || m.FirstNumerator is < 0 or > 255 || m.MaxConcurrentNotes < 0)
            {
                throw new InvalidDataException($"bad quality measures for file {i}");
            }

            quality[i] = read ? m : null;
        }

        if (r.ReadUInt32() != Magic)
        {
            throw new InvalidDataException("missing end marker");
        }

        return (list, quality, skipped);
    }
}
