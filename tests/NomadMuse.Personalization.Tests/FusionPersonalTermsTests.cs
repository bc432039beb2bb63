using NomadMuse.Core.Training;
using NomadMuse.Generation.Model;
using NomadMuse.Generation.Runtime;
using NomadMuse.Generation.Tokens;
using NomadMuse.Studio.Commands;
using NomadMuse.Testing;

namespace NomadMuse.Personalization.Tests;

/// <summary><c>train generation --sessions … --adapter …</c>: the user's log and adapter in the fusion loss.</summary>
public sealed class FusionPersonalTermsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "nm-fusion-terms-" + Guid.NewGuid().ToString("N"));
    private readonly string _keyFile, _log, _student, _other, _adapter;

    public FusionPersonalTermsTests()
    {
        Directory.CreateDirectory(_dir);
        _keyFile = Path.Combine(_dir, "key.bin");
        byte[] key = [.. Enumerable.Range(0, SessionLogKey.KeyBytes).Select(i => (byte)(i * 7))];
        File.WriteAllBytes(_keyFile, key);
        _log = Path.Combine(_dir, "user.nmlog");
        using (var k = SessionLogKey.FromBytes(key))
        using (var log = SessionLog.Open(_log, k))
        {
            SyntheticUser.Play(log, sessions: 12, seed: 3);
        }

        var random = new TrainingRandom(5);
        var student = new GeneratorModel(new GeneratorConfig(8, 12, 0f), random);
        _student = Path.Combine(_dir, "student.nmm");
        student.ToModelFile().Save(_student);
        _other = Path.Combine(_dir, "other.nmm");
        new GeneratorModel(new GeneratorConfig(8, 12, 0f), new TrainingRandom(6)).ToModelFile().Save(_other);
        var adapter = new PersonalAdapter(12, 4, random);
        WeightInit.Uniform(adapter.Up, 0.5f, random);
        _adapter = Path.Combine(_dir, "adapter.nmm");
        adapter.Save(_adapter, student);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Load_ReadsTheLogsSequencesWithTheSeedsWeights_GammaFromTheSessionCount_AndFindsTheAdaptersBase()
    {
        var terms = FusionPersonalTerms.Load(_log, _keyFile, null, _adapter, [_other, _student], 0.1f);
        Assert.Equal(24, terms.Logged.Count);
        Assert.Equal(12, terms.Logged.Count(q => q.Weight == 1f));
        Assert.Equal(12, terms.Logged.Count(q => q.Weight == 0.1f));
        Assert.Equal(AdapterWeighting.Gamma(12), terms.Gamma, 12);
        Assert.IsType<PersonalizedTeacher>(terms.Teacher);
        Assert.Contains("12 sessions", terms.Description, StringComparison.Ordinal);
        Assert.Null(FusionPersonalTerms.Load(_log, _keyFile, null, null, [_student], 0.1f).Teacher);
    }

    [Fact]
    public void Load_FailsNamingTheProblem_ForAWrongKeyAMissingLogOrAnAdapterOfAnotherModel()
    {
        string wrongKey = Path.Combine(_dir, "wrong.bin");
        File.WriteAllBytes(wrongKey, new byte[SessionLogKey.KeyBytes]);
        var e = Assert.Throws<FusionPersonalTerms.LoadException>(() => FusionPersonalTerms.Load(_log, wrongKey, null, null, [], 0.1f));
        Assert.Contains(_log, e.Message, StringComparison.Ordinal);
        e = Assert.Throws<FusionPersonalTerms.LoadException>(() => FusionPersonalTerms.Load(Path.Combine(_dir, "none.nmlog"), _keyFile, null, null, [], 0.1f));
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<FusionPersonalTerms.LoadException>(() => FusionPersonalTerms.Load(_log, _keyFile, null, _adapter, [_other], 0.1f));
        Assert.Contains("trained on none of the --teacher files", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TrainGeneration_WithTheLog_RunsTheFusionLossWithItsAcceptanceTerm()
    {
        string data = Path.Combine(_dir, "midi");
        Directory.CreateDirectory(data);
        for (int f = 0; f < 12; f++)
        {
            BeatNote[] notes = [.. Enumerable.Range(0, 48).Select(i => new BeatNote(i * 0.5, 0.5, 55 + ((i * (f + 2)) % 17), 90, false))];
            GeneratedMidi.ToMidiFile(notes, 100).Write(Path.Combine(data, $"song{f:D2}.mid"));
        }

        var terms = FusionPersonalTerms.Load(_log, _keyFile, null, _adapter, [_other, _student], 0.1f);
        var settings = new TrainGenerationRunner.Settings(data, Path.Combine(_dir, "fusion.nmm"), "student", Steps: 3, Batch: 2, SeqLen: 65,
            LearningRate: 3e-3f, Checkpoint: null, CheckpointEvery: 0, Resume: false, Seed: 7, Log: null, Cache: Path.Combine(_dir, "cache"),
            Dropout: 0f, Transpose: 0, Teachers: [_other, _student], TeacherWeights: [0.5, 0.3], DistillTemperature: 1f, DistillAlpha: 0f, Personal: terms);
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.Equal(0, TrainGenerationRunner.Run(settings, output, error));
        Assert.Equal(string.Empty, error.ToString());
        string text = output.ToString();
        Assert.Contains("personal adapter", text, StringComparison.Ordinal);
        Assert.Matches(@"step 3/3 .*accept \d+\.\d{4}", text);
        Assert.True(File.Exists(settings.Output));
    }
}
