using NomadMuse.Generation.Midi;

namespace NomadMuse.Studio.Commands;

/// <summary>
/// Tells the user which files of the evaluated folder could not be read, and why, instead of scoring around them in
/// silence. The token cache keeps only the fact that a file failed, so the reason comes from reading it again (a few
/// files at most).
/// </summary>
internal static class UnreadableFileNote
{
    private const int Named = 5;

    /// <summary>Writes one stderr line per unreadable scored file (the first few), then a count of the rest.</summary>
    public static void Write(TextWriter error, EvalDataPlan plan)
    {
        var unreadable = plan.UnreadableFiles;
        if (unreadable.Count == 0)
        {
            return;
        }

        error.WriteLine($"note: {unreadable.Count} file(s) of --data could not be read and are not scored:");
        foreach (int index in unreadable.Take(Named))
        {
            var file = plan.ScoredStore.Files[index];
            error.WriteLine($"  {file.FullPath}: {Reason(file.FullPath)}");
        }

        if (unreadable.Count > Named)
        {
            error.WriteLine($"  … and {unreadable.Count - Named} more");
        }
    }

    private static string Reason(string path)
    {
        try
        {
            _ = MidiFile.Read(path);
            return "it reads now; it changed after the token cache was written";
        }
        catch (Exception e) when (e is MidiFormatException or IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }
}
