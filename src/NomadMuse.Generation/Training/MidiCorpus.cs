using System.Text;

namespace NomadMuse.Generation.Training;

/// <summary>Scans a folder of MIDI files and assigns each file a deterministic train/valid/test split.</summary>
public static class MidiCorpus
{
    /// <summary>All <c>.mid</c>/<c>.midi</c> files under <paramref name="folder"/>, ordinal order of relative path.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static IReadOnlyList<CorpusFile> Scan(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        string root = Path.GetFullPath(folder);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"MIDI folder not found: {root}");
        }

        return [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".mid", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".midi", StringComparison.OrdinalIgnoreCase))
            .Select(f =>
            {
                string relative = Path.GetRelativePath(root, f).Replace('\\', '/');
                return new CorpusFile(relative, f, SplitOf(relative));
            })
            .OrderBy(f => f.RelativePath, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The split of a file: FNV-1a 64 of its UTF-8 relative path (with '/' separators) modulo 100; 0–89 train,
    /// 90–94 valid, 95–99 test. Independent of the machine, the .NET version and the other files in the folder.
    /// </summary>
    public static DatasetSplit SplitOf(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        ulong hash = 14695981039346656037UL;
        foreach (byte b in Encoding.UTF8.GetBytes(relativePath.Replace('\\', '/')))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        int bucket = (int)(hash % 100);
        return bucket < 90 ? DatasetSplit.Train : bucket < 95 ? DatasetSplit.Valid : DatasetSplit.Test;
    }
}
