using NomadMuse.Core.Training;

namespace NomadMuse.Core.Tests.Training;

public sealed class TrainerTests
{
    private static TrainerOptions Options(long steps, string? checkpoint = null) => new()
    {
        MaxSteps = steps,
        LearningRate = 1e-2f,
        WarmupSteps = 5,
        WeightDecay = 0.01f,
        MaxGradientNorm = 1f,
        ShuffleSeed = 42,
        ProgressInterval = 5,
        CheckpointPath = checkpoint,
    };

    private static (TinySequenceModel Model, Trainer<SequenceBatch> Trainer) Create(ulong seed, TrainerOptions options, float dropout = 0.1f)
    {
        var random = new TrainingRandom(seed);
        var model = new TinySequenceModel(6, 8, 12, dropout, random);
        return (model, new Trainer<SequenceBatch>(model, options, random));
    }

    [Fact]
    public void Run_SameSeed_IdenticalWeights()
    {
        var source = new PatternSource(6, 8, 4, seed: 1);
        (TinySequenceModel a, Trainer<SequenceBatch> ta) = Create(5, Options(20));
        (TinySequenceModel b, Trainer<SequenceBatch> tb) = Create(5, Options(20));
        (TinySequenceModel c, Trainer<SequenceBatch> tc) = Create(6, Options(20));
        ta.Run(source, a.TrainStep);
        tb.Run(source, b.TrainStep);
        tc.Run(source, c.TrainStep);
        Assert.Equal(a.Snapshot(), b.Snapshot());
        Assert.NotEqual(a.Snapshot(), c.Snapshot());
    }

    [Fact]
    public void Resume_AfterCancelledRun_ContinuesIdentically()
    {
        string path = Path.Combine(Path.GetTempPath(), $"nm-ckpt-{Guid.NewGuid():N}.bin");
        try
        {
            var source = new PatternSource(5, 8, 4, seed: 2);
            (TinySequenceModel straight, Trainer<SequenceBatch> ts) = Create(11, Options(30));
            TrainingResult full = ts.Run(source, straight.TrainStep);
            Assert.False(full.Cancelled);

            // Same run, cancelled after 13 steps (mid-epoch), checkpointed at the step boundary.
            (TinySequenceModel first, Trainer<SequenceBatch> tf) = Create(11, Options(30, path));
            using var cts = new CancellationTokenSource();
            int calls = 0;
            TrainingResult stopped = tf.Run(source, batch =>
            {
                BatchResult r = first.TrainStep(batch);
                if (++calls == 13)
                {
                    cts.Cancel();
                }

                return r;
            }, cancellationToken: cts.Token);
            Assert.True(stopped.Cancelled);
            Assert.True(stopped.CheckpointWritten);
            Assert.Equal(13, stopped.Steps);

            // A fresh model with other weights and another random state resumes from the file.
            (TinySequenceModel resumed, Trainer<SequenceBatch> tr) = Create(999, Options(30, path));
            tr.Resume(path);
            Assert.Equal(13, tr.Step);
            Assert.Equal(first.Snapshot(), resumed.Snapshot());
            TrainingResult rest = tr.Run(source, resumed.TrainStep);
            Assert.Equal(30, rest.Steps);
            Assert.Equal(straight.Snapshot(), resumed.Snapshot());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Resume_CorruptFile_ThrowsAndLeavesModelUntouched()
    {
        string path = Path.Combine(Path.GetTempPath(), $"nm-ckpt-{Guid.NewGuid():N}.bin");
        try
        {
            (_, Trainer<SequenceBatch> saver) = Create(1, Options(10));
            saver.SaveCheckpoint(path);
            byte[] bytes = File.ReadAllBytes(path);
            bytes[bytes.Length / 2] ^= 0x40;
            File.WriteAllBytes(path, bytes);

            (TinySequenceModel model, Trainer<SequenceBatch> trainer) = Create(2, Options(10));
            float[] before = model.Snapshot();
            var error = Assert.Throws<CheckpointFormatException>(() => trainer.Resume(path));
            Assert.Contains("Checksum", error.Message);
            Assert.Equal(before, model.Snapshot());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Resume_OtherModelShape_ThrowsNamingTheParameter()
    {
        string path = Path.Combine(Path.GetTempPath(), $"nm-ckpt-{Guid.NewGuid():N}.bin");
        try
        {
            (_, Trainer<SequenceBatch> saver) = Create(1, Options(10));
            saver.SaveCheckpoint(path);
            var random = new TrainingRandom(3);
            var other = new TinySequenceModel(6, 8, 16, 0f, random); // hidden 16, not 12
            var trainer = new Trainer<SequenceBatch>(other, Options(10), random);
            var error = Assert.Throws<CheckpointFormatException>(() => trainer.Resume(path));
            Assert.Contains("gru.weight_ih", error.Message);
            Assert.True(error.Offset > 0);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Run_Progress_ReportsStepsRateAndScheduledLearningRate()
    {
        var options = Options(12);
        (TinySequenceModel model, Trainer<SequenceBatch> trainer) = Create(3, options);
        var progress = new ListProgress();
        trainer.Run(new PatternSource(4, 8, 4, seed: 3), model.TrainStep, progress);
        var schedule = new WarmupCosineSchedule(options.LearningRate, options.WarmupSteps, 12);
        Assert.Equal([5L, 10L, 12L], progress.Reports.Select(r => r.Step));
        Assert.All(progress.Reports, r =>
        {
            Assert.Equal(schedule.LearningRateAt(r.Step - 1), r.LearningRate, 6);
            Assert.True(r.ItemsPerSecond > 0);
            Assert.True(float.IsFinite(r.Loss) && r.Loss > 0);
            Assert.Equal(12, r.TotalSteps);
            Assert.Equal((int)((r.Step - 1) / 4), r.Epoch);
        });
        Assert.Equal(TimeSpan.Zero, progress.Reports[^1].EstimatedRemaining);
    }

    [Fact]
    public void Run_PreCancelled_TakesNoStep()
    {
        (TinySequenceModel model, Trainer<SequenceBatch> trainer) = Create(3, Options(10));
        float[] before = model.Snapshot();
        TrainingResult result = trainer.Run(new PatternSource(2, 4, 2, 1), model.TrainStep, cancellationToken: new CancellationToken(true));
        Assert.True(result.Cancelled);
        Assert.Equal(0, result.Steps);
        Assert.Equal(before, model.Snapshot());
    }

    [Fact]
    public void Run_NaNLoss_ThrowsInvalidOperation()
    {
        (_, Trainer<SequenceBatch> trainer) = Create(3, Options(10));
        Assert.Throws<InvalidOperationException>(() => trainer.Run(new PatternSource(2, 4, 2, 1), _ => new BatchResult(float.NaN, 1)));
    }

    [Fact]
    public void Options_NegativeWarmup_ThrowsArgumentOutOfRange()
    {
        var options = Options(10);
        options.WarmupSteps = -1;
        Assert.Throws<ArgumentOutOfRangeException>(() => Create(1, options));
    }
}
