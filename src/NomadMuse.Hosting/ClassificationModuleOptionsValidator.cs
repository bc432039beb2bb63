using Microsoft.Extensions.Options;

namespace NomadMuse.Hosting;

/// <summary>Checks <see cref="ClassificationModuleOptions"/> and reports every problem at once, naming the property and the allowed range.</summary>
internal sealed class ClassificationModuleOptionsValidator : IValidateOptions<ClassificationModuleOptions>
{
    public ValidateOptionsResult Validate(string? name, ClassificationModuleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        const string Prefix = "NomadMuse classification: ";
        if (options.ModelPath is { } path && !File.Exists(path))
        {
            failures.Add($"{Prefix}ModelPath '{path}' does not exist (leave it null for the embedded model).");
        }

        if (!(options.ConfidenceThreshold is > 0f and < 1f))
        {
            failures.Add($"{Prefix}ConfidenceThreshold must lie between 0 and 1, both excluded; the seed uses 0.75 (got {options.ConfidenceThreshold}).");
        }

        if (options.DecisionWindow < TimeSpan.FromMilliseconds(100) || options.DecisionWindow > TimeSpan.FromMilliseconds(200))
        {
            failures.Add($"{Prefix}DecisionWindow must be 100–200 ms (got {options.DecisionWindow.TotalMilliseconds} ms).");
        }

        if (!(options.SilenceThresholdDb is >= -120f and <= 0f))
        {
            failures.Add($"{Prefix}SilenceThresholdDb must be −120–0 dBFS (got {options.SilenceThresholdDb}).");
        }

        if (!(options.RingSeconds is >= 0.1 and <= 10))
        {
            failures.Add($"{Prefix}RingSeconds must be 0.1–10 (got {options.RingSeconds}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
