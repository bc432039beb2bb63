using NomadMuse.Core.Models;
using NomadMuse.Core.Training;
using NomadMuse.Generation.Model;
using NomadMuse.Studio.Commands;

namespace NomadMuse.Generation.Tests.Studio;

public sealed class QuantizeGenerationRunnerTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"nm-quantize-gen-{Guid.NewGuid():N}");
    private readonly string _fp32;
    private readonly string _trainingData;

    public QuantizeGenerationRunnerTests()
    {
        _trainingData = Path.Combine(_folder, "midi");
        Directory.CreateDirectory(_trainingData);
        var file = new GeneratorModel(new GeneratorConfig(6, 8, 0f), new TrainingRandom(5)).ToModelFile();
        file.Metadata.Extra["preset"] = "student";
        file.Metadata.Extra[TrainingFolder.Key] = "/somewhere/else";
        _fp32 = Path.Combine(_folder, "fp32.nmm");
        file.Save(_fp32);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Quantize(string source, string name, string? trainingData)
    {
        string output = Path.Combine(_folder, name);
        var error = new StringWriter();
        Assert.Equal(0, QuantizeGenerationRunner.Run(source, output, trainingData, new StringWriter(), error));
        Assert.Equal(string.Empty, error.ToString());
        return output;
    }

    private static void AssertSameTensors(string expectedPath, string actualPath)
    {
        var expected = ModelFile.Load(expectedPath).Tensors;
        var actual = ModelFile.Load(actualPath).Tensors;
        Assert.Equal(expected.Select(t => t.Name), actual.Select(t => t.Name));
        foreach (var (e, a) in expected.Zip(actual))
        {
            Assert.Equal(e.Type, a.Type);
            Assert.True(e.HasShape(a.Shape), $"{e.Name}: {e.ShapeText} vs {a.ShapeText}");
            if (e.Type == ModelTensorType.Int8)
            {
                Assert.Equal(e.Int8Values.ToArray(), a.Int8Values.ToArray());
                Assert.Equal(e.RowScales.ToArray(), a.RowScales.ToArray());
            }
            else
            {
                Assert.Equal(e.Float32Values.ToArray(), a.Float32Values.ToArray());
            }
        }
    }

    private static string? TrainingData(string path) => (string?)ModelFile.Load(path).Metadata.Extra[TrainingFolder.Key];

    [Fact]
    public void TrainingData_OverridesTheRecordedFolder_AndLeavesTheTensorsAsAPlainQuantize()
    {
        string plain = Quantize(_fp32, "plain.nmm", null);
        string stamped = Quantize(_fp32, "stamped.nmm", _trainingData + Path.DirectorySeparatorChar);

        AssertSameTensors(plain, stamped);
        Assert.Contains(ModelFile.Load(stamped).Tensors, t => t.Type == ModelTensorType.Int8);
        Assert.Equal("/somewhere/else", TrainingData(plain));
        Assert.Equal(_trainingData, TrainingData(stamped));
        Assert.Equal("student", (string?)ModelFile.Load(stamped).Metadata.Extra["preset"]);
    }

    [Fact]
    public void Int8Model_IsRefusedWithoutTrainingData_AndWithItOnlyItsMetadataChanges()
    {
        string int8 = Quantize(_fp32, "int8.nmm", null);
        var error = new StringWriter();
        Assert.Equal(1, QuantizeGenerationRunner.Run(int8, Path.Combine(_folder, "again.nmm"), null, new StringWriter(), error));
        Assert.Contains("already an INT8 model", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("--training-data", error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "again.nmm")));

        string stamped = Quantize(int8, "int8-stamped.nmm", _trainingData);
        AssertSameTensors(int8, stamped);
        Assert.Equal(_trainingData, TrainingData(stamped));
        var before = ModelFile.Load(int8).Metadata;
        var after = ModelFile.Load(stamped).Metadata;
        Assert.Equal(before.CreatedUtc, after.CreatedUtc);
        Assert.Equal((string?)before.Extra["quantization"], (string?)after.Extra["quantization"]);
    }

    [Fact]
    public void TrainingData_MissingFolder_FailsWithExitCode2NamingIt()
    {
        string missing = Path.Combine(_folder, "nope");
        var error = new StringWriter();
        Assert.Equal(2, QuantizeGenerationRunner.Run(_fp32, Path.Combine(_folder, "x.nmm"), missing, new StringWriter(), error));
        Assert.Contains($"--training-data folder not found: {missing}", error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "x.nmm")));
    }
}
