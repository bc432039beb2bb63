using Xunit.Abstractions;

namespace NomadMuse.Core.Tests;

/// <summary>Finds the shared training/evaluation data (../shared/data) without committing it to the repository.</summary>
internal static class SharedData
{
    /// <summary>
    /// The path of <c>data/<paramref name="subfolder"/></c>, found through NOMADMUSE_DATA or by walking up from the
    /// test binaries to a folder that holds <c>shared/data</c>; null (with a message) when absent.
    /// </summary>
    public static string? Folder(string subfolder, ITestOutputHelper output)
    {
        string? root = Environment.GetEnvironmentVariable("NOMADMUSE_DATA");
        if (root is null)
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "shared", "data");
                if (Directory.Exists(candidate))
                {
                    root = candidate;
                    break;
                }
            }
        }

        string? folder = root is null ? null : Path.Combine(root, subfolder);
        if (folder is null || !Directory.Exists(folder))
        {
            output.WriteLine($"SKIPPED: shared data folder 'data/{subfolder}' not found (set NOMADMUSE_DATA to the data folder).");
            return null;
        }

        return folder;
    }
}
