using System.Buffers.Binary;
using NomadMuse.Core.Training;

namespace NomadMuse.Core.Tests.Training;

public sealed class CheckpointTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"nm-ckpt-{Guid.NewGuid():N}.bin");

    public void Dispose() => File.Delete(_path);

    private static (AdamW Optimizer, Parameter A, Parameter B) Setup(float fill)
    {
        var a = new Parameter("layer.weight", 2, 3);
        var b = new Parameter("layer.bias", 2);
        Array.Fill(a.Value, fill);
        Array.Fill(b.Value, -fill);
        Array.Fill(a.Gradient, 0.5f);
        Array.Fill(b.Gradient, -0.25f);
        return (new AdamW([a, b]), a, b);
    }

    [Fact]
    public void SaveLoad_RoundTrip_RestoresValuesMomentsStepsAndRandom()
    {
        (AdamW saved, Parameter a, Parameter b) = Setup(1.5f);
        saved.Step();
        saved.Step();
        var random = new TrainingRandom(8);
        random.NextUInt64();
        TrainingCheckpoint.Save(_path, saved, trainerStep: 17, shuffleSeed: 99, random);
        Assert.False(File.Exists(_path + ".tmp"));

        (AdamW loaded, Parameter a2, Parameter b2) = Setup(0f);
        var other = new TrainingRandom(1);
        (long step, ulong seed) = TrainingCheckpoint.Load(_path, loaded, other);
        Assert.Equal(17, step);
        Assert.Equal(99UL, seed);
        Assert.Equal(2, loaded.StepCount);
        Assert.Equal(a.Value, a2.Value);
        Assert.Equal(b.Value, b2.Value);
        Assert.Equal(saved.FirstMoment(0), loaded.FirstMoment(0));
        Assert.Equal(saved.SecondMoment(1), loaded.SecondMoment(1));
        Assert.Equal(random.NextUInt64(), other.NextUInt64());
    }

    [Fact]
    public void Save_FileLayout_MatchesDocumentedHeader()
    {
        (AdamW optimizer, _, _) = Setup(1f);
        TrainingCheckpoint.Save(_path, optimizer, 5, 6, new TrainingRandom(1));
        byte[] bytes = File.ReadAllBytes(_path);
        Assert.Equal("NMCK"u8.ToArray(), bytes[..4]);
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)));
        Assert.Equal(5L, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(8)));
        Assert.Equal(6UL, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(16)));
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(64)));
        Assert.Equal((ushort)"layer.weight".Length, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(68)));
        // header 68 + per parameter (2 + name + 1 + 4·rank + 12·n) + CRC 4
        int expected = 68 + (2 + 12 + 1 + 8 + 12 * 6) + (2 + 10 + 1 + 4 + 12 * 2) + 4;
        Assert.Equal(expected, bytes.Length);
    }

    [Fact]
    public void Load_Truncated_ThrowsFormatException()
    {
        (AdamW optimizer, _, _) = Setup(1f);
        TrainingCheckpoint.Save(_path, optimizer, 1, 1, new TrainingRandom(1));
        byte[] bytes = File.ReadAllBytes(_path);
        File.WriteAllBytes(_path, bytes[..40]);
        Assert.Throws<CheckpointFormatException>(() => TrainingCheckpoint.Load(_path, optimizer, new TrainingRandom(1)));
        File.WriteAllBytes(_path, [1, 2, 3]);
        Assert.Throws<CheckpointFormatException>(() => TrainingCheckpoint.Load(_path, optimizer, new TrainingRandom(1)));
    }

    [Fact]
    public void Load_FutureVersionWithValidChecksum_ThrowsNamingTheVersion()
    {
        (AdamW optimizer, _, _) = Setup(1f);
        TrainingCheckpoint.Save(_path, optimizer, 1, 1, new TrainingRandom(1));
        byte[] bytes = File.ReadAllBytes(_path);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), 2);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4), Crc32.Compute(bytes.AsSpan(0, bytes.Length - 4)));
        File.WriteAllBytes(_path, bytes);
        var error = Assert.Throws<CheckpointFormatException>(() => TrainingCheckpoint.Load(_path, optimizer, new TrainingRandom(1)));
        Assert.Contains("version 2", error.Message);
        Assert.Equal(4, error.Offset);
    }

    [Fact]
    public void Crc32_CheckValue_MatchesStandard()
    {
        // The CRC-32/ISO-HDLC check value of "123456789" is 0xCBF43926.
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
    }

    [Fact]
    public void Trainer_CheckpointInterval_WritesPeriodicallyWithoutTempFiles()
    {
        var random = new TrainingRandom(1);
        var model = new TinySequenceModel(6, 4, 4, 0f, random);
        var trainer = new Trainer<SequenceBatch>(model, new TrainerOptions { MaxSteps = 7, CheckpointPath = _path, CheckpointInterval = 3 }, random);
        int stepsAtLastWrite = -1;
        int calls = 0;
        trainer.Run(new PatternSource(3, 4, 2, 1), batch =>
        {
            if (calls == 4)
            {
                // After 3 steps, the periodic checkpoint must already be there and say step 3.
                var probe = new TinySequenceModel(6, 4, 4, 0f, new TrainingRandom(2));
                var reader = new Trainer<SequenceBatch>(probe, new TrainerOptions(), new TrainingRandom(2));
                reader.Resume(_path);
                stepsAtLastWrite = (int)reader.Step;
            }

            calls++;
            return model.TrainStep(batch);
        });
        Assert.Equal(3, stepsAtLastWrite);
        Assert.False(File.Exists(_path + ".tmp"));
    }
}
