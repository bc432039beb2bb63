using NomadMuse.Generation.Training;

namespace NomadMuse.Studio.Commands;

/// <summary>The <c>--split</c> of <c>eval generation</c>: a dataset split, all files, or <see cref="Auto"/>.</summary>
internal enum EvalSplit
{
    /// <summary>Test when the model or the baseline trained on (part of) --data, else all (see <see cref="EvalDataPlan"/>).</summary>
    Auto,

    /// <summary>The test split.</summary>
    Test,

    /// <summary>The validation split.</summary>
    Valid,

    /// <summary>The train split.</summary>
    Train,

    /// <summary>Every file.</summary>
    All,
}

/// <summary>Parsing and naming of <see cref="EvalSplit"/> values and of resolved splits.</summary>
internal static class EvalSplits
{
    /// <summary>The accepted spellings, for error messages and help.</summary>
    public const string Choices = "auto, test, valid, train or all";

    /// <summary>Parses a <c>--split</c> value, case-insensitively.</summary>
    public static bool TryParse(string text, out EvalSplit split)
    {
        ArgumentNullException.ThrowIfNull(text);
        // Enum.TryParse would also take numbers ("3"), which are no spelling a user should rely on.
        foreach (var value in Enum.GetValues<EvalSplit>())
        {
            if (string.Equals(text, value.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                split = value;
                return true;
            }
        }

        split = default;
        return false;
    }

    /// <summary>The report's name of a resolved split: test, valid, train, or all for null.</summary>
    public static string Name(DatasetSplit? split) => split?.ToString().ToLowerInvariant() ?? "all";
}
