namespace NomadMuse.Studio.Commands;

/// <summary>
/// The training folder a generator model records in its metadata (<c>extra.training_data</c>): written by
/// <c>train generation</c> and <c>quantize generation --training-data</c>, read by <c>eval generation</c> to train its
/// baseline on the same data and keep training's splits.
/// </summary>
internal static class TrainingFolder
{
    /// <summary>The metadata key holding the folder's full path.</summary>
    public const string Key = "training_data";

    /// <summary>The full path without a trailing separator: the form folders are recorded and compared in.</summary>
    public static string Normalize(string folder) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
}
