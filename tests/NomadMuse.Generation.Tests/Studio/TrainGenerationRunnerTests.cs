using NomadMuse.Core.Models;
using NomadMuse.Core.Training;
using NomadMuse.Generation.Model;
using NomadMuse.Generation.Runtime;
using NomadMuse.Generation.Tokens;
using NomadMuse.Studio.Commands;

namespace NomadMuse.Generation.Tests.Studio;

public sealed class TrainGenerationRunnerTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"nm-train-gen-{Guid.NewGuid():N}");
    private readonly string _data;
    private readonly string _teacher;

    public TrainGenerationRunnerTests()
    {
        _data = Path.Combine(_folder, "midi");
        Directory.CreateDirectory(_data);
        // Twelve short melodies: enough that the path-hash split leaves a few train batches of two 65-token chunks.
        for (int f = 0; f < 12; f++)
        {
            BeatNote[] notes = [.. Enumerable.Range(0, 48).Select(i => new BeatNote(i * 0.5, 0.5, 55 + ((i * (f + 2)) % 17), 90, false))];
            GeneratedMidi.ToMidiFile(notes, 100).Write(Path.Combine(_data, $"song{f:D2}.mid"));
        }

        _teacher = Path.Combine(_folder, "teacher.nmm");
        var teacher = new TransformerModel(new TransformerConfig(8, 1, 12, 0f), new TrainingRandom(41));
        var rnd = new Random(42);
        foreach (var p in teacher.Parameters.Where(p => p.Name == "head.weight"))
        {
            for (int i = 0; i < p.Length; i++)
            {
                p.Value[i] = (float)((rnd.NextDouble() * 2) - 1); // confident, so the teacher term visibly matters
            }
        }

        teacher.ToModelFile().Save(_teacher);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private TrainGenerationRunner.Settings Settings(string output, string? teacher = null, float alpha = 0.3f, float temperature = 3f) =>
        new(_data, Path.Combine(_folder, output), "student", Steps: 4, Batch: 2, SeqLen: 65, LearningRate: 3e-3f,
            Checkpoint: null, CheckpointEvery: 0, Resume: false, Seed: 7, Log: Path.Combine(_folder, output + ".log"),
            Cache: Path.Combine(_folder, "cache"), Dropout: 0f, Transpose: 0, Threads: 1,
            Teachers: teacher is null ? null : [teacher], DistillTemperature: temperature, DistillAlpha: alpha);

    private static float[] Logits(string path)
    {
        // The trained weights, seen through the model: a few steps of inference from a fresh state.
        var model = GeneratorModel.Load(path);
        var state = model.CreateState();
        state.SetContext(1, 1);
        var all = new List<float>();
        float[] logits = new float[GeneratorConfig.Vocabulary];
        foreach (int token in new[] { MuseVocabulary.Start, 60, 140, 64 })
        {
            model.Step(token, state, logits);
            all.AddRange(logits);
        }

        return [.. all];
    }

    [Fact]
    public void Teacher_WithAlphaOne_TrainsExactlyLikeNoTeacher_AndWithAlpha03_Differently()
    {
        var output = new StringWriter();
        Assert.Equal(0, TrainGenerationRunner.Run(Settings("plain.nmm"), output, new StringWriter()));
        Assert.Equal(0, TrainGenerationRunner.Run(Settings("alpha1.nmm", _teacher, alpha: 1f), new StringWriter(), new StringWriter()));
        var distilledOut = new StringWriter();
        var distilledErr = new StringWriter();
        Assert.Equal(0, TrainGenerationRunner.Run(Settings("distilled.nmm", _teacher), distilledOut, distilledErr));

        // α = 1 gives the teacher term zero weight: the wiring must not disturb anything else (same batches, same
        // dropout stream, same gradients), so the weights are bit-identical to a run without a teacher.
        float[] plain = Logits(Path.Combine(_folder, "plain.nmm"));
        Assert.Equal(plain, Logits(Path.Combine(_folder, "alpha1.nmm")));
        Assert.NotEqual(plain, Logits(Path.Combine(_folder, "distilled.nmm")));

        string log = File.ReadAllText(Path.Combine(_folder, "distilled.nmm.log"));
        Assert.Contains("distilled from teacher.nmm", log, StringComparison.Ordinal);
        Assert.Contains("T = 3, α = 0.3", log, StringComparison.Ordinal);
        Assert.DoesNotContain("distilled from", output.ToString(), StringComparison.Ordinal);
        var extra = ModelFile.Load(Path.Combine(_folder, "distilled.nmm")).Metadata.Extra;
        Assert.Equal("teacher.nmm", (string?)extra["teacher"]);
        Assert.Equal(0.3f, (float?)extra["distill_alpha"]);
        Assert.Equal(3f, (float?)extra["distill_temperature"]);
        Assert.Equal(string.Empty, distilledErr.ToString());
    }

    [Fact]
    public void Run_RecordsTheTrainingFolderAsAFullPathWithoutTrailingSeparator()
    {
        // A relative --data with a trailing separator: the recorded path must still be the folder eval can find.
        string relative = Path.GetRelativePath(Environment.CurrentDirectory, _data) + Path.DirectorySeparatorChar;
        var settings = Settings("recorded.nmm") with { Data = relative, Steps = 1 };
        Assert.Equal(0, TrainGenerationRunner.Run(settings, new StringWriter(), new StringWriter()));

        var extra = ModelFile.Load(settings.Output).Metadata.Extra;
        Assert.Equal(_data, (string?)extra[TrainingFolder.Key]);
        Assert.Equal("midi", (string?)extra["data"]);
    }

    [Theory]
    [InlineData(null, "detect")]
    [InlineData("off", "off")]
    [InlineData("DETECT", "detect")]
    public void Run_RecordsTheSwingDetectionItTrainedWith(string? option, string recorded)
    {
        var output = new StringWriter();
        var settings = Settings($"swing-{option ?? "default"}.nmm") with { Steps = 1, Swing = option };
        Assert.Equal(0, TrainGenerationRunner.Run(settings, output, new StringWriter()));

        Assert.Equal(recorded, (string?)ModelFile.Load(settings.Output).Metadata.Extra["swing_detection"]);
        Assert.Contains($"swing detection {recorded}: 0 of ", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_UnknownSwingSetting_IsAUsageError()
    {
        var error = new StringWriter();
        Assert.Equal(2, TrainGenerationRunner.Run(Settings("bad.nmm") with { Swing = "on" }, new StringWriter(), error));
        Assert.Contains("--swing must be detect or off", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Teacher_ProgressLines_ShowBothLossTerms()
    {
        var output = new StringWriter();
        var settings = Settings("terms.nmm", _teacher) with { Steps = 10 };
        Assert.Equal(0, TrainGenerationRunner.Run(settings, output, new StringWriter()));
        string line = output.ToString().Split('\n').First(l => l.StartsWith("step 10/10", StringComparison.Ordinal));
        var match = System.Text.RegularExpressions.Regex.Match(line, @"loss \d+\.\d{4} \(ce (\d+\.\d{4}), kd \d+\.\d{4}\) ppl (\d+\.\d{2})");
        Assert.True(match.Success, line);
        // The perplexity shown is that of the hard-label term, not exp of the blend.
        double ce = double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        double ppl = double.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Math.Exp(ce), ppl, 0.01 * ppl);
    }

    [Theory]
    [InlineData(0f, 0.3f, "--distill-temperature")]
    [InlineData(float.PositiveInfinity, 0.3f, "--distill-temperature")]
    [InlineData(3f, 1.5f, "--distill-alpha")]
    [InlineData(3f, float.NaN, "--distill-alpha")]
    public void Teacher_BadTemperatureOrAlpha_FailsWithExitCode2NamingTheOption(float temperature, float alpha, string option)
    {
        var error = new StringWriter();
        Assert.Equal(2, TrainGenerationRunner.Run(Settings("bad.nmm", _teacher, alpha, temperature), new StringWriter(), error));
        Assert.Contains(option, error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "bad.nmm")));
    }

    [Fact]
    public void Teacher_MissingOrNotAGenerator_FailsWithExitCode1NamingTheFile()
    {
        string missing = Path.Combine(_folder, "nope.nmm");
        var error = new StringWriter();
        Assert.Equal(1, TrainGenerationRunner.Run(Settings("x.nmm", missing), new StringWriter(), error));
        Assert.Contains(missing, error.ToString(), StringComparison.Ordinal);

        string other = Path.Combine(_folder, "cnn.nmm");
        new ModelFile(new ModelMetadata("instrument-cnn")).Save(other);
        error = new StringWriter();
        Assert.Equal(1, TrainGenerationRunner.Run(Settings("y.nmm", other), new StringWriter(), error));
        Assert.Contains("instrument-cnn", error.ToString(), StringComparison.Ordinal);
        Assert.Contains(other, error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "y.nmm")));
    }

    [Fact]
    public void Ensemble_TwoWeightedTeachers_TrainsAgainstTheirMixture_AndRecordsIt()
    {
        string second = Path.Combine(_folder, "student-teacher.nmm");
        new GeneratorModel(new GeneratorConfig(6, 8, 0f), new TrainingRandom(43)).ToModelFile().Save(second);
        var single = Settings("single.nmm", _teacher) with { DistillTemperature = 1f, DistillAlpha = 0f };
        var fused = single with { Output = Path.Combine(_folder, "fused.nmm"), Log = Path.Combine(_folder, "fused.log"), Teachers = [_teacher, second], TeacherWeights = [0.5, 0.3] };
        Assert.Equal(0, TrainGenerationRunner.Run(single, new StringWriter(), new StringWriter()));
        var error = new StringWriter();
        Assert.Equal(0, TrainGenerationRunner.Run(fused, new StringWriter(), error));
        Assert.Equal(string.Empty, error.ToString());

        // The second teacher changes the target, so the weights differ from distilling the first alone.
        Assert.NotEqual(Logits(single.Output), Logits(fused.Output));
        var extra = ModelFile.Load(fused.Output).Metadata.Extra;
        Assert.Equal("0.625·teacher.nmm + 0.375·student-teacher.nmm", (string?)extra["teacher"]);
        Assert.Contains("distilled from 0.625·teacher.nmm + 0.375·student-teacher.nmm, T = 1, α = 0", File.ReadAllText(fused.Log!), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { 0.5 })]
    [InlineData(new[] { 0.5, -0.3 })]
    [InlineData(new[] { 0.0, 0.0 })]
    public void Ensemble_WeightsNotOnePerTeacherOrNegative_FailWithExitCode2(double[] weights)
    {
        var settings = Settings("w.nmm", _teacher) with { Teachers = [_teacher, _teacher], TeacherWeights = weights };
        var error = new StringWriter();
        Assert.Equal(2, TrainGenerationRunner.Run(settings, new StringWriter(), error));
        Assert.Contains("--teacher-weight", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Init_StartsFromTheGivenModelsWeights_AndRefusesAnotherArchitecture()
    {
        Assert.Equal(0, TrainGenerationRunner.Run(Settings("first.nmm"), new StringWriter(), new StringWriter()));
        string first = Path.Combine(_folder, "first.nmm");
        // One step at a vanishing learning rate: the result is the starting point, which must be the first model.
        var continued = Settings("continued.nmm") with { Steps = 1, LearningRate = 1e-12f, Init = first };
        Assert.Equal(0, TrainGenerationRunner.Run(continued, new StringWriter(), new StringWriter()));
        float[] a = Logits(first), b = Logits(continued.Output);
        Assert.All(a.Zip(b), pair => Assert.Equal(pair.First, pair.Second, 1e-4f));
        Assert.Equal(0, TrainGenerationRunner.Run(Settings("fresh.nmm") with { Steps = 1, LearningRate = 1e-12f }, new StringWriter(), new StringWriter()));
        Assert.NotEqual(a, Logits(Path.Combine(_folder, "fresh.nmm"))); // without --init the start is the seed's random weights
        Assert.Equal("first.nmm", (string?)ModelFile.Load(continued.Output).Metadata.Extra["init"]);

        var error = new StringWriter();
        Assert.Equal(1, TrainGenerationRunner.Run(Settings("wrong.nmm") with { Init = _teacher }, new StringWriter(), error));
        Assert.Contains("same preset", error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "wrong.nmm")));
    }

    [Fact]
    public void QualityFilter_LeavesOutFailingTrainFiles_SaysHowManyPerCriterion_AndIsRecorded()
    {
        // A 5-note train-split file fails the default filter (≥ 8 notes); the twelve 48-note melodies (14.4 s) pass it.
        string name = Enumerable.Range(0, 10_000).Select(k => $"tiny{k}.mid").First(n => NomadMuse.Generation.Training.MidiCorpus.SplitOf(n) == NomadMuse.Generation.Training.DatasetSplit.Train);
        BeatNote[] tiny = [.. Enumerable.Range(0, 5).Select(i => new BeatNote(i * 0.5, 0.5, 60, 90, false))];
        GeneratedMidi.ToMidiFile(tiny, 100).Write(Path.Combine(_data, name));
        int trainFiles = NomadMuse.Generation.Training.MidiCorpus.Scan(_data).Count(f => f.Split == NomadMuse.Generation.Training.DatasetSplit.Train);

        var filtered = new StringWriter();
        var settings = Settings("filtered.nmm") with { Steps = 1 };
        Assert.Equal(0, TrainGenerationRunner.Run(settings, filtered, new StringWriter()));
        Assert.Contains($"quality filter default (", filtered.ToString(), StringComparison.Ordinal);
        Assert.Contains($"{trainFiles - 1} of {trainFiles} files pass; removed: no notes 0, too few notes 1, too short 0", filtered.ToString(), StringComparison.Ordinal);
        Assert.Equal("default", (string?)ModelFile.Load(settings.Output).Metadata.Extra["quality_filter"]);
        int filteredTracks = TrainTracks(filtered.ToString());

        var off = new StringWriter();
        var unfiltered = Settings("unfiltered.nmm") with { Steps = 1, QualityFilter = "off" };
        Assert.Equal(0, TrainGenerationRunner.Run(unfiltered, off, new StringWriter()));
        Assert.Contains("quality filter off", off.ToString(), StringComparison.Ordinal);
        Assert.Equal(filteredTracks + 1, TrainTracks(off.ToString()));
        Assert.Equal("off", (string?)ModelFile.Load(unfiltered.Output).Metadata.Extra["quality_filter"]);

        // The seed's filter (≥ 30 s) removes every one of these short files, so there is nothing to train on.
        var error = new StringWriter();
        Assert.Equal(1, TrainGenerationRunner.Run(Settings("seed.nmm") with { QualityFilter = "seed" }, new StringWriter(), error));
        Assert.Contains("too little training data", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void QualityFilter_UnknownName_FailsNamingTheOption()
    {
        var error = new StringWriter();
        Assert.Equal(2, TrainGenerationRunner.Run(Settings("x.nmm") with { QualityFilter = "strict" }, new StringWriter(), error));
        Assert.Contains("--quality-filter must be default, seed or off", error.ToString(), StringComparison.Ordinal);
    }

    private static int TrainTracks(string output) =>
        int.Parse(System.Text.RegularExpressions.Regex.Match(output, @"(\d+) train tracks").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
}
