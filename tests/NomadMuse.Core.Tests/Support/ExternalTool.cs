using System.Diagnostics;
using Xunit.Abstractions;

namespace NomadMuse.Core.Tests;

/// <summary>Runs reference command-line tools (flac, sox, ffmpeg) that CI installs from Debian packages.</summary>
internal static class ExternalTool
{
    /// <summary>
    /// Whether <paramref name="tool"/> is on the PATH. When it is not, the test returns early with a message —
    /// unless NOMADMUSE_REQUIRE_TOOLS=1 (set by test.sh in CI), where a missing reference tool is a failure.
    /// </summary>
    public static bool Available(string tool, ITestOutputHelper output)
    {
        string? path = Environment.GetEnvironmentVariable("PATH");
        bool found = path is not null && path.Split(Path.PathSeparator).Any(dir => File.Exists(Path.Combine(dir, tool)));
        if (!found)
        {
            if (Environment.GetEnvironmentVariable("NOMADMUSE_REQUIRE_TOOLS") == "1")
            {
                Assert.Fail($"The reference tool '{tool}' is required (NOMADMUSE_REQUIRE_TOOLS=1) but not on the PATH; install it with apt-get.");
            }

            output.WriteLine($"SKIPPED: reference tool '{tool}' not found on the PATH (apt-get install {tool}).");
        }

        return found;
    }

    public static void Run(string tool, string arguments) => RunForBytes(tool, arguments);

    public static byte[] RunForBytes(string tool, string arguments)
    {
        var info = new ProcessStartInfo(tool, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using Process process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {tool}.");
        using var stdout = new MemoryStream();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.BaseStream.CopyTo(stdout);
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {arguments} failed ({process.ExitCode}): {stderr.Result}");
        }

        return stdout.ToArray();
    }
}
