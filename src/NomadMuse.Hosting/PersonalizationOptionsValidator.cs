using Microsoft.Extensions.Options;

namespace NomadMuse.Hosting;

/// <summary>Checks <see cref="PersonalizationOptions"/> and reports every problem at once, naming the property and what is allowed.</summary>
internal sealed class PersonalizationOptionsValidator : IValidateOptions<PersonalizationOptions>
{
    public ValidateOptionsResult Validate(string? name, PersonalizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        const string Prefix = "NomadMuse personalization: ";
        if (string.IsNullOrWhiteSpace(options.SessionLogPath))
        {
            failures.Add($"{Prefix}SessionLogPath is required (the encrypted session log; it is created when missing).");
        }

        if (options.Key is null)
        {
            failures.Add($"{Prefix}Key is required (SessionLogKey.FromBytes with 32 bytes from the OS key store, or SessionLogKey.FromPassphrase).");
        }

        if (string.IsNullOrWhiteSpace(options.AdapterPath))
        {
            failures.Add($"{Prefix}AdapterPath is required (the adapter is loaded from it when it exists and retrained into it).");
        }
        else if (!string.IsNullOrWhiteSpace(options.SessionLogPath) && SamePath(options.AdapterPath, options.SessionLogPath))
        {
            failures.Add($"{Prefix}AdapterPath and SessionLogPath are the same file ('{options.AdapterPath}'); retraining would overwrite the log.");
        }

        if (options.Gamma is { } gamma && !(gamma >= 0 && double.IsFinite(gamma)))
        {
            failures.Add($"{Prefix}Gamma must be a finite number ≥ 0, or null to compute it from the log (got {gamma}).");
        }

        if (options.Training is null)
        {
            failures.Add($"{Prefix}Training must not be null (leave it at its default for the trainer's defaults).");
        }
        else
        {
            try
            {
                options.Training.Validate();
            }
            catch (ArgumentOutOfRangeException e)
            {
                failures.Add($"{Prefix}Training.{e.ParamName} is out of range: {e.Message}");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // Full paths, compared case-insensitively: on Windows and macOS the two spellings would name the same file.
    private static bool SamePath(string a, string b)
    {
        try
        {
            return string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), StringComparison.OrdinalIgnoreCase);
        }
        catch (ArgumentException)
        {
            return false; // an invalid path fails later, when the file is opened, with the OS's own message
        }
    }
}
