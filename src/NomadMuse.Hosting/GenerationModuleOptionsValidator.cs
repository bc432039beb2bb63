using Microsoft.Extensions.Options;
using NomadMuse.Generation.Runtime;
using NomadMuse.Generation.Runtime.Modes;

namespace NomadMuse.Hosting;

/// <summary>Checks <see cref="GenerationModuleOptions"/> and reports every problem at once, naming the property and the allowed range.</summary>
internal sealed class GenerationModuleOptionsValidator : IValidateOptions<GenerationModuleOptions>
{
    public ValidateOptionsResult Validate(string? name, GenerationModuleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        const string Prefix = "NomadMuse generation: ";
        if (options.ModelPath is { } path && !File.Exists(path))
        {
            failures.Add($"{Prefix}ModelPath '{path}' does not exist (leave it null for the embedded model).");
        }

        if (!(options.Temperature is >= 0.05f and <= 5f))
        {
            failures.Add($"{Prefix}Temperature must be 0.05–5 (got {options.Temperature}).");
        }

        if (!(options.TopP is > 0f and <= 1f))
        {
            failures.Add($"{Prefix}TopP must be above 0 and at most 1 (got {options.TopP}).");
        }

        if (options.TopK is < 0 or > 258)
        {
            failures.Add($"{Prefix}TopK must be 0 (off) to 258 (got {options.TopK}).");
        }

        if (!Enum.IsDefined(options.Mode))
        {
            failures.Add($"{Prefix}Mode {(int)options.Mode} is not a GenerationMode.");
        }

        if (!Enum.IsDefined(options.KeySource))
        {
            failures.Add($"{Prefix}KeySource {(int)options.KeySource} is not a KeySource.");
        }

        if (!(options.GhostNoteThreshold is >= 0f and <= 1f))
        {
            failures.Add($"{Prefix}GhostNoteThreshold must be 0–1 (got {options.GhostNoteThreshold}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
