namespace NomadMuse.Studio.Commands;

/// <summary>
/// The training folder a generator model records in its metadata (<c>extra.training_data</c>): written by
/// <c>train generation</c> and <c>quantize generation --training-data</c>, read by <c>eval generation</c> to train its
/// baseline on the same data and keep training's splits.
/// </summary>
internal static class TrainingFolder
{
    /// <summary>The metadata key holding the folder's full path.</summary>
    public const string Key = "training_data";

    /// <summary>The full path without a trailing separator: the form folders are recorded and compared in.</summary>
    public static string Normalize(string folder) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));

    /// <summary>
    /// Finds a recorded training folder on this machine: the recorded path if it exists, else — for data that moved
    /// with its surroundings, such as a checkout next to a <c>shared/data/midi</c> mounted elsewhere — the first folder
    /// with the same last three path components under an ancestor of one of <paramref name="searchFrom"/>.
    /// </summary>
    /// <returns>The folder, or null when neither exists.</returns>
    public static string? Locate(string recorded, IEnumerable<string> searchFrom)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        ArgumentNullException.ThrowIfNull(searchFrom);
        string full = Normalize(recorded);
        if (Directory.Exists(full))
        {
            return full;
        }

        string[] parts = full.Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            return null;
        }

        string tail = Path.Combine(parts[Math.Max(0, parts.Length - 3)..]);
        foreach (string start in searchFrom)
        {
            for (var dir = new DirectoryInfo(Normalize(start)); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, tail);
                if (Directory.Exists(candidate))
                {
                    return Normalize(candidate);
                }
            }
        }

        return null;
    }
}
