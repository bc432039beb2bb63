using NomadMuse.Generation.Tokens;
using NomadMuse.Generation.Training;

namespace NomadMuse.Studio.Commands;

/// <summary>
/// What <c>eval generation</c> compares on: the folder the baseline trains on, the split scored and the files in it.
/// </summary>
/// <remarks>
/// <para>The baseline folder is <c>--train-data</c>, else the model's recorded training folder when it exists here,
/// else <c>--data</c> itself (with a <see cref="Note"/>), so the baseline learns from the tokens the model learnt from.</para>
/// <para>A file's split is the one training gave it: relative to the baseline folder when the file lies inside it,
/// relative to <c>--data</c> otherwise. Scanning a subfolder of the training folder on its own would hash shorter
/// paths and move training files into "test"; taking them from the training folder's store keeps the splits.</para>
/// </remarks>
/// <param name="DataFolder">Full path of <c>--data</c>.</param>
/// <param name="BaselineFolder">Full path of the folder whose train split trains the baseline.</param>
/// <param name="Note">A line for stderr explaining a choice the user did not make explicitly, or null.</param>
/// <param name="Split">The scored split (null = all files).</param>
/// <param name="SplitReason">Why that split, for the text report.</param>
/// <param name="BaselineStore">The baseline folder's tokens.</param>
/// <param name="ScoredStore">The store <see cref="ScoredFiles"/> index into (the baseline's when --data lies in it).</param>
/// <param name="ScoredFiles">Indices into <see cref="ScoredStore"/> of the files scored, all inside --data.</param>
/// <param name="Swing">The swing detection both stores were tokenized with, and why (see <see cref="EvalSwing"/>).</param>
internal sealed record EvalDataPlan(string DataFolder, string BaselineFolder, string? Note, DatasetSplit? Split, string SplitReason,
    TokenStore BaselineStore, TokenStore ScoredStore, IReadOnlyList<int> ScoredFiles, EvalSwing Swing)
{
    /// <summary>The group of files outside --data (which only the baseline store holds); no real folder has this name.</summary>
    private const string OutsideData = "..";

    /// <summary>
    /// The filter the baseline's training files pass: the one <c>train generation</c> uses by default, so the baseline
    /// learns from the files the model learnt from. Scored files are never filtered.
    /// </summary>
    public static MidiQualityFilter BaselineFilter => MidiQualityFilter.Default;

    /// <summary>Files in the baseline folder's train split that pass <see cref="BaselineFilter"/>.</summary>
    public int BaselineTrainFiles => Enumerable.Range(0, BaselineStore.Files.Count)
        .Count(i => BaselineStore.Files[i].Split == DatasetSplit.Train && BaselineStore.Passes(i, BaselineFilter));

    /// <summary>The tracks the baseline trains on: the train split of the baseline folder, quality-filtered.</summary>
    public IEnumerable<TrackSequence> BaselineSequences() => BaselineStore.InSplit(DatasetSplit.Train, BaselineFilter);

    /// <summary>The scored files that could not be read as MIDI (they contribute no tokens).</summary>
    public IReadOnlyList<int> UnreadableFiles { get; } = [.. ScoredFiles.Where(i => ScoredStore.Quality[i] is null)];

    /// <summary>The tracks of the scored files (gathered once: the scoring, the musical checks and the report read them).</summary>
    public IReadOnlyList<TrackSequence> ScoredSequences { get; } = Gather(ScoredStore, ScoredFiles);

    private static List<TrackSequence> Gather(TokenStore store, IReadOnlyList<int> scoredFiles)
    {
        var files = scoredFiles.ToHashSet();
        return [.. store.Sequences.Where(s => files.Contains(s.FileIndex))];
    }

    /// <summary>
    /// The corpus of a file of <see cref="ScoredStore"/>: the first folder of its path relative to --data, as the user
    /// sees it; null for files directly in --data.
    /// </summary>
    public string? CorpusOf(int fileIndex)
    {
        string path = ScoredStore.Files[fileIndex].FullPath;
        if (!IsInside(path, DataFolder))
        {
            // Files of the training folder outside --data are never scored, but the musical checks derive each
            // group's drum kit from its training files, so they get a group of their own rather than none.
            return OutsideData;
        }

        string relative = Path.GetRelativePath(DataFolder, path).Replace('\\', '/');
        int slash = relative.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? relative[..slash] : null;
    }

    /// <summary>Resolves the baseline folder, the split and the scored files, loading (or building) the token caches.</summary>
    /// <param name="data">The <c>--data</c> folder.</param>
    /// <param name="trainData">The <c>--train-data</c> folder, or null.</param>
    /// <param name="model">The evaluated model (its name and recorded training folder).</param>
    /// <param name="split">The requested split.</param>
    /// <param name="maxFiles">Score at most this many files (0 = all).</param>
    /// <param name="cache">The token cache folder, or null for none.</param>
    /// <param name="swing">The swing detection to tokenize with; null = <see cref="EvalSwing.Resolve"/> of the model with no option.</param>
    /// <exception cref="DirectoryNotFoundException">--data or --train-data does not exist.</exception>
    /// <exception cref="IOException">A MIDI file or the cache cannot be read.</exception>
    public static EvalDataPlan Resolve(string data, string? trainData, EvalModel model, EvalSplit split, int maxFiles, string? cache,
        EvalSwing? swing = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(model);
        string dataFolder = TrainingFolder.Normalize(data);
        if (!Directory.Exists(dataFolder))
        {
            throw new DirectoryNotFoundException($"--data folder not found: {dataFolder}");
        }

        string baselineFolder;
        string? note = null;
        bool fellBack = false;
        if (trainData is not null)
        {
            baselineFolder = TrainingFolder.Normalize(trainData);
            if (!Directory.Exists(baselineFolder))
            {
                throw new DirectoryNotFoundException($"--train-data folder not found: {baselineFolder}");
            }
        }
        else if (model.TrainedOn is { } recorded
            && TrainingFolder.Locate(recorded, [Environment.CurrentDirectory, AppContext.BaseDirectory]) is { } located)
        {
            baselineFolder = located;
            if (!string.Equals(located, TrainingFolder.Normalize(recorded), StringComparison.Ordinal))
            {
                note = $"note: {model.Name}'s training folder {recorded} is not here; using {located}, which has the same last path components.";
            }
        }
        else
        {
            baselineFolder = dataFolder;
            fellBack = true;
            string why = model.TrainedOn is null
                ? $"{model.Name} records no training folder (extra.{TrainingFolder.Key})"
                : $"{model.Name}'s training folder {model.TrainedOn} (extra.{TrainingFolder.Key}) is not found here";
            note = $"note: {why}, so the baseline trains on the train split of --data"
                + (split == EvalSplit.Auto ? " and only its test split is scored." : ".");
        }

        bool dataInBaseline = IsInside(dataFolder, baselineFolder);
        bool baselineInData = !dataInBaseline && IsInside(baselineFolder, dataFolder);
        var options = new TokenizerOptions();
        // The baseline learns from the tokens the model is scored on, so both stores share the swing setting.
        swing ??= EvalSwing.Resolve(null, model);
        var baselineStore = TokenStore.Load(baselineFolder, options, cache, swing: swing.Detection);
        var scoredStore = dataInBaseline ? baselineStore : TokenStore.Load(dataFolder, options, cache, swing: swing.Detection);

        (DatasetSplit? chosen, string reason) = split switch
        {
            EvalSplit.Test => (DatasetSplit.Test, "--split"),
            EvalSplit.Valid => (DatasetSplit.Valid, "--split"),
            EvalSplit.Train => (DatasetSplit.Train, "--split"),
            EvalSplit.All => ((DatasetSplit?)null, "--split"),
            _ when fellBack => (DatasetSplit.Test, "auto: the baseline trains on --data"),
            _ when dataInBaseline => (DatasetSplit.Test, IsInside(baselineFolder, dataFolder)
                ? "auto: --data is the training folder"
                : "auto: --data lies in the training folder"),
            _ when baselineInData => (DatasetSplit.Test, "auto: --data contains the training folder"),
            _ => ((DatasetSplit?)null, "auto: neither the model nor the baseline trained on --data"),
        };
        if (baselineInData && split == EvalSplit.Auto)
        {
            note = $"note: --data contains the training folder {baselineFolder}; its files keep the splits training gave them, and only test-split files are scored.";
        }

        DatasetSplit SplitOf(CorpusFile file) => IsInside(file.FullPath, baselineFolder)
            ? MidiCorpus.SplitOf(Path.GetRelativePath(baselineFolder, file.FullPath))
            : file.Split;
        int[] scored = [.. scoredStore.Files.Select((file, index) => (file, index))
            .Where(x => IsInside(x.file.FullPath, dataFolder) && (chosen is null || SplitOf(x.file) == chosen))
            .Select(x => x.index)
            .Take(maxFiles > 0 ? maxFiles : int.MaxValue)];
        return new EvalDataPlan(dataFolder, baselineFolder, note, chosen, reason, baselineStore, scoredStore, scored, swing);
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="folder"/> or lies under it (by path, not by links).</summary>
    public static bool IsInside(string path, string folder)
    {
        string relative = Path.GetRelativePath(folder, path);
        if (relative == ".")
        {
            return true;
        }

        // A path elsewhere comes back as "../…", or unchanged (rooted) when on another drive.
        return !Path.IsPathRooted(relative) && relative != ".."
            && !relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            && !relative.StartsWith("../", StringComparison.Ordinal);
    }
}
