using System.Diagnostics;

namespace NomadMuse.Core.Tests.Audio;

/// <summary>A fact that is skipped, with the install command, when the <c>sox</c> command-line tool is missing.</summary>
public sealed class SoxFactAttribute : FactAttribute
{
    public SoxFactAttribute()
    {
        if (Sox.Executable is null)
        {
            Skip = "sox is not installed (apt-get install -y sox); the interoperability tests need it.";
        }
    }
}

/// <summary>Finds and runs the sox command-line tool.</summary>
internal static class Sox
{
    public static readonly string? Executable = Find();

    public static void Run(params string[] arguments)
    {
        var info = new ProcessStartInfo(Executable!) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        using Process process = Process.Start(info)!;
        string stderr = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"sox {string.Join(' ', arguments)} failed: {stderr}");
    }

    private static string? Find()
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            string candidate = Path.Combine(dir, "sox");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
