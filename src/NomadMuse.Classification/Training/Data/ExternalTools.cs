using System.Diagnostics;

namespace NomadMuse.Classification.Training.Data;

/// <summary>
/// The command-line tools data preparation uses (FluidSynth, SoX, eSpeak NG): where they are and how to run them.
/// On Debian/Ubuntu: <c>apt-get install fluidsynth fluid-soundfont-gm musescore-general-soundfont-small
/// hydrogen-drumkits avldrums.lv2-soundfont espeak-ng sox</c>.
/// </summary>
public static class ExternalTools
{
    /// <summary>Finds an executable on <c>PATH</c>.</summary>
    /// <param name="name">Executable name, e.g. <c>fluidsynth</c>.</param>
    /// <returns>The full path, or <see langword="null"/>.</returns>
    public static string? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Runs a tool to completion and throws when it fails.</summary>
    /// <param name="tool">Executable name or path.</param>
    /// <param name="arguments">Arguments (passed without shell interpretation).</param>
    /// <param name="timeout">Kill the tool after this long.</param>
    /// <exception cref="InvalidOperationException">The tool is missing, timed out or exited with a non-zero code (message holds its stderr).</exception>
    public static void Run(string tool, IEnumerable<string> arguments, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var info = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {tool}.");
        Task<string> error = process.StandardError.ReadToEndAsync();
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(true);
            throw new InvalidOperationException($"{tool} did not finish within {timeout.TotalSeconds:0} s.");
        }

        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} exited with code {process.ExitCode}: {error.Result.Trim()} {output.Result.Trim()}");
        }
    }
}
