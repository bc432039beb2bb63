using Microsoft.Extensions.Options;
using NomadMuse.Analysis;

namespace NomadMuse.Hosting;

/// <summary>Checks <see cref="AnalysisOptions"/> and reports every problem at once, naming the property and the allowed range.</summary>
internal sealed class AnalysisOptionsValidator : IValidateOptions<AnalysisOptions>
{
    public ValidateOptionsResult Validate(string? name, AnalysisOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        const string Prefix = "NomadMuse analysis: ";
        if (!IsBuiltin(options.Genre))
        {
            failures.Add($"{Prefix}Genre '{options.Genre}' is not built in; use one of {string.Join(", ", GenreTarget.BuiltinNames)} (or set TargetPath to a custom curve).");
        }

        if (options.TargetPath is { } path && !File.Exists(path))
        {
            failures.Add($"{Prefix}TargetPath '{path}' does not exist (build one with 'nomadmuse-studio target build').");
        }

        if (options.SampleRate is < 8_000 or > 768_000)
        {
            failures.Add($"{Prefix}SampleRate must be 8000–768000 Hz (got {options.SampleRate}).");
        }

        if (options.Channels is < 1 or > 6)
        {
            failures.Add($"{Prefix}Channels must be 1–6 (got {options.Channels}).");
        }

        if (options.UpdateInterval < TimeSpan.FromMilliseconds(10) || options.UpdateInterval > TimeSpan.FromSeconds(60))
        {
            failures.Add($"{Prefix}UpdateInterval must be 10 ms–60 s; 1–2 s is typical (got {options.UpdateInterval}).");
        }

        if (!(options.RingSeconds is >= 0.05 and <= 60))
        {
            failures.Add($"{Prefix}RingSeconds must be 0.05–60 (got {options.RingSeconds}).");
        }

        if (options.MaxSuggestions is < 0 or > 50)
        {
            failures.Add($"{Prefix}MaxSuggestions must be 0–50 (got {options.MaxSuggestions}).");
        }

        if (options.ToleranceDb is { } t && !(t > 0 && t <= 40))
        {
            failures.Add($"{Prefix}ToleranceDb must be above 0 and at most 40 dB, or null for the target's own (got {t}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsBuiltin(string? genre)
    {
        if (string.IsNullOrWhiteSpace(genre))
        {
            return false;
        }

        try
        {
            _ = GenreTarget.Builtin(genre);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
