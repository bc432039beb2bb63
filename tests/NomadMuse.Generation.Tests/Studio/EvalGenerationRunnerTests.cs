using System.Text.Json;
using NomadMuse.Core.Training;
using NomadMuse.Generation.Model;
using NomadMuse.Generation.Runtime;
using NomadMuse.Generation.Tokens;
using NomadMuse.Generation.Training;
using NomadMuse.Studio.Commands;

namespace NomadMuse.Generation.Tests.Studio;

/// <summary>
/// <c>eval generation</c> on tiny synthetic folders: a "training folder" A (with a subfolder A/sub) and a foreign
/// folder B (two corpus subfolders). The models are random; only which model, which baseline and which files matter.
/// </summary>
public sealed class EvalGenerationRunnerTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"nm-eval-gen-{Guid.NewGuid():N}");
    private readonly string _trainingFolder;
    private readonly string _sub;
    private readonly string _foreign;
    private readonly string _cache;

    // In A/sub: a file that training put in its test split, and a trap that training put in its train split but
    // whose path relative to A/sub alone hashes to test — scoring the trap would mean the splits were re-derived.
    private readonly string _subTestFile;
    private readonly string _subTrapFile;

    public EvalGenerationRunnerTests()
    {
        _trainingFolder = Path.Combine(_root, "a");
        _sub = Path.Combine(_trainingFolder, "sub");
        _foreign = Path.Combine(_root, "b");
        _cache = Path.Combine(_root, "cache");
        int song = 0;
        for (int f = 0; f < 8; f++)
        {
            WriteSong(Path.Combine(_trainingFolder, "pop", $"song{f:D2}.mid"), song++);
        }

        string testName = FirstName(n => MidiCorpus.SplitOf($"sub/{n}") == DatasetSplit.Test);
        string trapName = FirstName(n => MidiCorpus.SplitOf($"sub/{n}") == DatasetSplit.Train && MidiCorpus.SplitOf(n) == DatasetSplit.Test);
        _subTestFile = Path.Combine(_sub, testName);
        _subTrapFile = Path.Combine(_sub, trapName);
        foreach (string path in new[] { _subTestFile, _subTrapFile, Path.Combine(_sub, "extra1.mid"), Path.Combine(_sub, "extra2.mid") })
        {
            WriteSong(path, song++);
        }

        foreach (string group in new[] { "g1", "g2" })
        {
            for (int f = 0; f < 2; f++)
            {
                WriteSong(Path.Combine(_foreign, group, $"tune{f}.mid"), song++);
            }
        }
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static void WriteSong(string path, int variant)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        BeatNote[] notes = [.. Enumerable.Range(0, 40).Select(i => new BeatNote(i * 0.5, 0.5, 55 + ((i * (variant + 2)) % 17), 90, false))];
        GeneratedMidi.ToMidiFile(notes, 100).Write(path);
    }

    private static string FirstName(Func<string, bool> wanted) =>
        Enumerable.Range(0, 10_000).Select(k => $"piece{k:D4}.mid").First(wanted);

    /// <summary>A random tiny generator whose metadata records <paramref name="trainingData"/> and <paramref name="swing"/> (none when null).</summary>
    private string ModelFile(string name, string? trainingData, string? swing = null)
    {
        var file = new GeneratorModel(new GeneratorConfig(6, 8, 0f), new TrainingRandom(43)).ToModelFile();
        if (trainingData is not null)
        {
            file.Metadata.Extra[TrainingFolder.Key] = trainingData;
        }

        if (swing is not null)
        {
            file.Metadata.Extra[TrackSwing.ExtraKey] = swing;
        }

        string path = Path.Combine(_root, name);
        file.Save(path);
        return path;
    }

    private EvalGenerationRunner.Settings Settings(string data, string? model, string split = "auto", string? trainData = null, bool baselineOnly = false) =>
        new(data, model, baselineOnly, Json: true, MaxFiles: 0, MaxTokens: 0, split, trainData, _cache);

    private static (JsonElement Json, string Error) Run(EvalGenerationRunner.Settings settings)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.Equal(0, EvalGenerationRunner.Run(settings, output, error));
        return (JsonDocument.Parse(output.ToString()).RootElement.Clone(), error.ToString());
    }

    private static int TrainFiles(string folder) => MidiCorpus.Scan(folder).Count(f => f.Split == DatasetSplit.Train);

    [Fact]
    public void NoModel_ScoresTheEmbeddedDefault_ExactlyAsItsBytesInAFile_AndBaselineOnlyScoresNoModel()
    {
        string copy = Path.Combine(_root, "default-copy.nmm");
        using (var resource = typeof(MuseGenerator).Assembly.GetManifestResourceStream(MuseGenerator.DefaultModelResource)!)
        using (var file = File.Create(copy))
        {
            resource.CopyTo(file);
        }

        // --train-data pins the baseline, so the comparison holds whatever training folder the shipped model records.
        var (embedded, _) = Run(Settings(_foreign, null, trainData: _trainingFolder));
        var (fromFile, _) = Run(Settings(_foreign, copy, trainData: _trainingFolder));
        var (baselineOnly, _) = Run(Settings(_foreign, null, trainData: _trainingFolder, baselineOnly: true));

        Assert.Equal(EvalModel.EmbeddedName, embedded.GetProperty("model").GetString());
        Assert.Equal("default-copy.nmm", fromFile.GetProperty("model").GetString());
        Assert.Equal(JsonValueKind.Number, embedded.GetProperty("perplexity").ValueKind);
        foreach (string key in new[] { "tokens", "perplexity", "top1", "top5" })
        {
            Assert.Equal(fromFile.GetProperty(key).GetDouble(), embedded.GetProperty(key).GetDouble());
        }

        Assert.Equal(fromFile.GetProperty("tonal").GetRawText(), embedded.GetProperty("tonal").GetRawText());
        Assert.Equal(JsonValueKind.Null, baselineOnly.GetProperty("perplexity").ValueKind);
        Assert.Equal(JsonValueKind.Null, baselineOnly.GetProperty("tonal").ValueKind);
        Assert.Equal(embedded.GetProperty("baseline").GetRawText(), baselineOnly.GetProperty("baseline").GetRawText());
    }

    [Fact]
    public void ForeignFolder_WithAnUnreadableFile_NamesItAndWhy_AndScoresTheRest()
    {
        string model = ModelFile("recorded.nmm", _trainingFolder);
        var (withoutBroken, _) = Run(Settings(_foreign, model));
        string broken = Path.Combine(_foreign, "g1", "broken.mid");
        File.WriteAllBytes(broken, "RIFF not a midi file"u8.ToArray());

        var (json, error) = Run(Settings(_foreign, model));

        Assert.Equal(5, json.GetProperty("files").GetInt32());
        Assert.Equal(1, json.GetProperty("unreadable_files").GetInt32());
        Assert.Equal(0, withoutBroken.GetProperty("unreadable_files").GetInt32());
        Assert.Equal(withoutBroken.GetProperty("perplexity").GetDouble(), json.GetProperty("perplexity").GetDouble());
        Assert.Equal(withoutBroken.GetProperty("tokens").GetInt32(), json.GetProperty("tokens").GetInt32());
        Assert.Contains("1 file(s) of --data could not be read", error, StringComparison.Ordinal);
        Assert.Contains(broken + ": ", error, StringComparison.Ordinal);
        Assert.Contains("MThd", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ForeignFolder_ScoresEveryFile_WithTheBaselineTrainedOnTheModelsTrainingFolder()
    {
        string model = ModelFile("recorded.nmm", _trainingFolder);
        var (json, error) = Run(Settings(_foreign, model));

        Assert.Equal("all", json.GetProperty("split").GetString());
        Assert.Equal(4, json.GetProperty("files").GetInt32());
        var baseline = json.GetProperty("baseline");
        Assert.Equal(_trainingFolder, baseline.GetProperty("trained_on").GetString());
        Assert.Equal(TrainFiles(_trainingFolder), baseline.GetProperty("train_files").GetInt32());
        // Corpora are B's own subfolders, for the model and the baseline alike.
        Assert.Equal(["g1", "g2"], json.GetProperty("corpora").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["g1", "g2"], baseline.GetProperty("corpora").EnumerateObject().Select(p => p.Name));
        Assert.Equal(string.Empty, error);
    }

    [Theory]
    [InlineData(null, "auto", SwingDetection.Off)] // no record: trained before detection, on straight tokens
    [InlineData("off", "auto", SwingDetection.Off)]
    [InlineData("detect", "auto", SwingDetection.Detect)]
    [InlineData("off", "detect", SwingDetection.Detect)] // the option wins over the record
    [InlineData("detect", "off", SwingDetection.Off)]
    public void Swing_FollowsTheModelsRecord_UnlessGiven(string? recorded, string option, SwingDetection expected)
    {
        string model = ModelFile("swing.nmm", _trainingFolder, recorded);

        var (json, _) = Run(Settings(_trainingFolder, model) with { Swing = option });

        Assert.Equal(expected == SwingDetection.Detect ? "detect" : "off", json.GetProperty("swing_detection").GetString());
        Assert.Equal(expected, EvalSwing.Resolve(option, EvalModel.Load(model)).Detection);
    }

    [Fact]
    public void Swing_UnknownSetting_IsAUsageError()
    {
        var error = new StringWriter();
        Assert.Equal(2, EvalGenerationRunner.Run(Settings(_trainingFolder, null) with { Swing = "on" }, new StringWriter(), error));
        Assert.Contains("--swing must be auto, detect or off", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void SubfolderOfTheTrainingFolder_ScoresOnlyItsFilesThatTrainingPutInTheTestSplit()
    {
        var model = EvalModel.Load(ModelFile("recorded.nmm", _trainingFolder));
        var plan = EvalDataPlan.Resolve(_sub + Path.DirectorySeparatorChar, null, model, EvalSplit.Auto, 0, _cache);

        string[] expected = [.. MidiCorpus.Scan(_sub).Select(f => f.FullPath)
            .Where(p => MidiCorpus.SplitOf(Path.GetRelativePath(_trainingFolder, p)) == DatasetSplit.Test)];
        string[] scored = [.. plan.ScoredFiles.Select(i => plan.ScoredStore.Files[i].FullPath)];
        Assert.Equal(DatasetSplit.Test, plan.Split);
        Assert.Equal(_trainingFolder, plan.BaselineFolder);
        Assert.Contains(_subTestFile, scored);
        Assert.DoesNotContain(_subTrapFile, scored);
        Assert.Equal(expected.Order(StringComparer.Ordinal), scored.Order(StringComparer.Ordinal));
        Assert.Null(plan.Note);

        var (json, _) = Run(Settings(_sub, model: Path.Combine(_root, "recorded.nmm")));
        Assert.Equal("test", json.GetProperty("split").GetString());
        Assert.Equal(expected.Length, json.GetProperty("files").GetInt32());
        Assert.Equal(_trainingFolder, json.GetProperty("baseline").GetProperty("trained_on").GetString());
    }

    [Fact]
    public void TrainingFolderItself_GroupsByItsCorpusFolders_AndScoresItsTestSplit()
    {
        var model = EvalModel.Load(ModelFile("recorded.nmm", _trainingFolder));
        var plan = EvalDataPlan.Resolve(_trainingFolder, null, model, EvalSplit.Auto, 0, _cache);

        Assert.Equal(DatasetSplit.Test, plan.Split);
        Assert.All(plan.ScoredFiles, i => Assert.Equal(DatasetSplit.Test, plan.ScoredStore.Files[i].Split));
        Assert.Contains(plan.ScoredFiles, i => plan.CorpusOf(i) == "sub");
    }

    [Fact]
    public void FolderContainingTheTrainingFolder_KeepsTrainingsSplitsForTheFilesInIt_AndSaysSo()
    {
        var model = EvalModel.Load(ModelFile("recorded.nmm", _trainingFolder));
        var plan = EvalDataPlan.Resolve(_root, null, model, EvalSplit.Auto, 0, _cache);

        string[] expected = [.. MidiCorpus.Scan(_root).Select(f => f.FullPath).Where(p => DatasetSplit.Test == (EvalDataPlan.IsInside(p, _trainingFolder)
            ? MidiCorpus.SplitOf(Path.GetRelativePath(_trainingFolder, p))
            : MidiCorpus.SplitOf(Path.GetRelativePath(_root, p))))];
        string[] scored = [.. plan.ScoredFiles.Select(i => plan.ScoredStore.Files[i].FullPath)];
        Assert.Equal(DatasetSplit.Test, plan.Split);
        Assert.Contains(_subTestFile, scored);
        Assert.DoesNotContain(_subTrapFile, scored);
        Assert.Equal(expected.Order(StringComparer.Ordinal), scored.Order(StringComparer.Ordinal));
        Assert.Contains("contains the training folder", plan.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void TrainingFolder_RecordedElsewhere_IsFoundByItsLastThreeComponentsAboveTheSearchStart()
    {
        string moved = Path.Combine(_root, "mount", "shared", "data", "midi");
        Directory.CreateDirectory(moved);
        string checkout = Path.Combine(_root, "mount", "checkout", "samples");
        Directory.CreateDirectory(checkout);
        string recorded = Path.Combine(Path.GetTempPath(), $"gone-{Guid.NewGuid():N}", "shared", "data", "midi");

        Assert.Equal(moved, TrainingFolder.Locate(recorded, [checkout]));
        Assert.Equal(_trainingFolder, TrainingFolder.Locate(_trainingFolder + Path.DirectorySeparatorChar, [checkout]));
        Assert.Null(TrainingFolder.Locate(Path.Combine(_root, "gone", "elsewhere", "midi"), [checkout]));
    }

    [Theory]
    [InlineData(false, "records no training folder")]
    [InlineData(true, "is not found here")]
    public void ModelWithoutAnExistingTrainingFolder_BaselineTrainsOnData_TestSplitScored_AndStderrSaysWhy(bool recordsMissing, string why)
    {
        string model = ModelFile("unrecorded.nmm", recordsMissing ? Path.Combine(_root, "gone") : null);
        var (json, error) = Run(Settings(_trainingFolder, model));

        Assert.Equal("test", json.GetProperty("split").GetString());
        Assert.Equal(MidiCorpus.Scan(_trainingFolder).Count(f => f.Split == DatasetSplit.Test), json.GetProperty("files").GetInt32());
        Assert.Equal(_trainingFolder, json.GetProperty("baseline").GetProperty("trained_on").GetString());
        Assert.Equal(TrainFiles(_trainingFolder), json.GetProperty("baseline").GetProperty("train_files").GetInt32());
        Assert.Contains(why, error, StringComparison.Ordinal);
        Assert.Contains("baseline trains on the train split of --data", error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void ExplicitSplit_OverridesAuto_OnAForeignFolder()
    {
        string model = ModelFile("recorded.nmm", _trainingFolder);
        var (json, _) = Run(Settings(_foreign, model, split: "TEST"));

        Assert.Equal("test", json.GetProperty("split").GetString());
        Assert.Equal(MidiCorpus.Scan(_foreign).Count(f => f.Split == DatasetSplit.Test), json.GetProperty("files").GetInt32());
    }

    [Fact]
    public void TextReport_NamesTheModelTheBaselinesFolderAndTheSplit()
    {
        string model = ModelFile("recorded.nmm", _trainingFolder);
        var output = new StringWriter();
        Assert.Equal(0, EvalGenerationRunner.Run(Settings(_foreign, model) with { Json = false }, output, new StringWriter()));
        string text = output.ToString();

        Assert.Contains($"baseline: kneser-ney-5 trained on the train split of {_trainingFolder} ({TrainFiles(_trainingFolder)} files passing the default quality filter)", text, StringComparison.Ordinal);
        Assert.Contains("(all split; auto: neither the model nor the baseline trained on --data)", text, StringComparison.Ordinal);
        Assert.Contains("model: recorded.nmm", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("split", "--split must be auto, test, valid, train or all")]
    [InlineData("train-data", "--train-data folder not found")]
    public void BadSplitOrMissingTrainData_FailsNamingTheOption(string wrong, string message)
    {
        string model = ModelFile("recorded.nmm", _trainingFolder);
        var settings = wrong == "split" ? Settings(_foreign, model, split: "holdout") : Settings(_foreign, model, trainData: Path.Combine(_root, "nope"));
        var error = new StringWriter();

        Assert.NotEqual(0, EvalGenerationRunner.Run(settings, new StringWriter(), error));
        Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void FailingFiles_AreScoredInTheirSplit_ButTheBaselineDoesNotTrainOnThem()
    {
        // Two 4-note files (below the default filter's 8 notes) in the training folder: one in its test split, one in its train split.
        string Tiny(DatasetSplit split)
        {
            string name = FirstName(n => MidiCorpus.SplitOf($"pop/{n}") == split && !File.Exists(Path.Combine(_trainingFolder, "pop", n)));
            string path = Path.Combine(_trainingFolder, "pop", name);
            BeatNote[] notes = [.. Enumerable.Range(0, 4).Select(i => new BeatNote(i * 0.5, 0.5, 90 + i, 60, false))];
            GeneratedMidi.ToMidiFile(notes, 100).Write(path);
            return path;
        }

        string model = ModelFile("recorded.nmm", _trainingFolder);
        Tiny(DatasetSplit.Test);
        int trainFiles = TrainFiles(_trainingFolder);
        var (before, _) = Run(Settings(_trainingFolder, model));
        string tinyTrain = Tiny(DatasetSplit.Train);
        var (with, _) = Run(Settings(_trainingFolder, model));

        // The failing test-split file is scored with the rest of the test split.
        int testFiles = MidiCorpus.Scan(_trainingFolder).Count(f => f.Split == DatasetSplit.Test);
        Assert.Equal(testFiles, with.GetProperty("files").GetInt32());
        // The failing train-split file is not counted and changes nothing the baseline learnt.
        Assert.Equal(trainFiles + 1, TrainFiles(_trainingFolder));
        Assert.Equal(trainFiles, with.GetProperty("baseline").GetProperty("train_files").GetInt32());
        Assert.Equal(before.GetProperty("baseline").GetRawText(), with.GetProperty("baseline").GetRawText());
        Assert.True(File.Exists(tinyTrain));
    }
}
