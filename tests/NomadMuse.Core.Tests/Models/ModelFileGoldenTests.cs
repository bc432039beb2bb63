using NomadMuse.Core.Models;

namespace NomadMuse.Core.Tests.Models;

/// <summary>
/// Reads a version-1 file produced by Data/make_v1_sample.py (an independent writer following the docs), found in
/// the source tree by walking up from the test binaries, through a non-seekable stream as a resource stream would be.
/// </summary>
public sealed class ModelFileGoldenTests
{
    private static byte[] Golden()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "NomadMuse.Core.Tests", "Models", "Data", "v1-sample.nmm");
            if (File.Exists(candidate))
            {
                return File.ReadAllBytes(candidate);
            }
        }

        Assert.Fail("tests/NomadMuse.Core.Tests/Models/Data/v1-sample.nmm not found above " + AppContext.BaseDirectory);
        return [];
    }

    [Fact]
    public void Read_IndependentlyWrittenVersion1File_HasTheScriptedContent()
    {
        var file = ModelFile.Read(new TrickleStream(Golden(), 97));

        var m = file.Metadata;
        Assert.Equal("golden", m.Architecture);
        Assert.Equal(2, m.Hyperparameters["hidden"]);
        Assert.Equal(3, m.Hyperparameters["vocab"]);
        Assert.Equal(["a", "b", "c"], m.Vocabulary);
        Assert.Equal("sha256:feed", m.TrainingDataHash);
        Assert.Equal(0.75, m.Metrics["accuracy"]);
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), m.CreatedUtc);
        Assert.Equal("written by make_v1_sample.py", (string?)m.Extra["note"]);
        Assert.Equal(3, m.Extra["nested"]!["list"]!.AsArray().Count);
        Assert.Equal([0.5f, -1f, 2f, 0.25f, -0.125f, 3f], file.GetTensor("w", [2, 3]).Float32Values.ToArray());
        var q = file.GetTensor("q", [2, 2]);
        Assert.Equal(ModelTensorType.Int8, q.Type);
        Assert.Equal([0.5f, -1f, 31.75f, -32f], q.ToFloatArray());
    }

    [Fact]
    public void Write_OfTheGoldenFile_ReproducesItsBytes()
    {
        byte[] original = Golden();

        // The script writes keys in the documented order with sorted dictionaries, as the C# writer does.
        Assert.Equal(original, ModelFileTestData.ReadBytes(original).ToArray());
    }
}
