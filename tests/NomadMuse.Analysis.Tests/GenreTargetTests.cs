using System.Globalization;
using NomadMuse.State;
using Xunit.Abstractions;

namespace NomadMuse.Analysis.Tests;

public sealed class GenreTargetTests(ITestOutputHelper output)
{
    [Fact]
    public void Builtin_EightSeedGenres_AllPresent()
    {
        Assert.Equal(["pop", "rock", "edm", "hip-hop", "jazz", "classical", "metal", "indie"], GenreTarget.BuiltinNames.ToArray());
        Assert.Same(GenreTarget.Builtin("EDM"), GenreTarget.Builtin("edm"));
        Assert.Same(GenreTarget.Builtin("hip hop"), GenreTarget.Builtin("HipHop"));
        Assert.Throws<ArgumentException>(() => GenreTarget.Builtin("polka"));
    }

    [Fact]
    public void Builtin_MatchesGenreMediansCsv()
    {
        string? folder = MixSignals.MixesFolder(output);
        if (folder is null)
        {
            return;
        }

        var names = new Dictionary<string, string> { ["pop"] = "pop", ["rock"] = "rock", ["EDM"] = "edm", ["hip-hop"] = "hip-hop", ["jazz"] = "jazz", ["classical"] = "classical", ["metal"] = "metal" };
        int checkedRows = 0;
        foreach (string line in File.ReadLines(Path.Combine(folder, "genre-medians.csv")).Skip(1))
        {
            string[] f = line.Split(',');
            if (f[0] != "all_analysed" || !names.TryGetValue(f[1], out string? name))
            {
                continue;
            }

            GenreTarget target = GenreTarget.Builtin(name);
            for (int b = 0; b < 7; b++)
            {
                Assert.Equal(double.Parse(f[2 + b], CultureInfo.InvariantCulture), target.LevelDb((Band)b), 6);
            }

            Assert.Equal(int.Parse(f[12], CultureInfo.InvariantCulture), target.TrackCount);
            checkedRows++;
        }

        Assert.Equal(7, checkedRows);
    }

    [Fact]
    public void Builtin_Indie_IsDerivedFromRockAndPopAndSaysSo()
    {
        GenreTarget indie = GenreTarget.Builtin("indie"), rock = GenreTarget.Builtin("rock"), pop = GenreTarget.Builtin("pop");
        Assert.Equal(0, indie.TrackCount);
        Assert.Contains("no indie data", indie.Basis, StringComparison.Ordinal);
        foreach (Band band in Enum.GetValues<Band>())
        {
            // Stored to 0.1 dB: the mean rounded.
            Assert.InRange(indie.LevelDb(band) - ((rock.LevelDb(band) + pop.LevelDb(band)) / 2), -0.0501, 0.0501);
            Assert.True(indie.ToleranceDb(band) > Math.Max(rock.ToleranceDb(band), pop.ToleranceDb(band)));
        }
    }

    [Fact]
    public void SaveLoad_RoundTrips()
    {
        string path = Path.Combine(Path.GetTempPath(), $"nm-target-{Environment.ProcessId}.json");
        try
        {
            GenreTarget original = GenreTarget.Builtin("metal");
            original.Save(path);
            GenreTarget loaded = GenreTarget.Load(path);
            Assert.Equal(original.Name, loaded.Name);
            Assert.Equal(original.TrackCount, loaded.TrackCount);
            foreach (Band band in Enum.GetValues<Band>())
            {
                Assert.Equal(original.LevelDb(band), loaded.LevelDb(band), 3);
                Assert.Equal(original.ToleranceDb(band), loaded.ToleranceDb(band), 3);
            }

            Assert.Empty(Directory.GetFiles(Path.GetTempPath(), $"nm-target-{Environment.ProcessId}.json.*.tmp"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"name\":\"x\",\"bandsDb\":[1,2,3]}")]
    [InlineData("{\"bandsDb\":[1,2,3,4,5,6,7]}")]
    [InlineData("{\"name\":\"x\",\"bandsDb\":[1,2,3,4,5,6,7],\"toleranceDb\":[0,3,3,3,3,3,3]}")]
    public void Load_BadFile_ThrowsInvalidData(string text)
    {
        string path = Path.Combine(Path.GetTempPath(), $"nm-bad-{Environment.ProcessId}-{text.Length}.json");
        File.WriteAllText(path, text);
        try
        {
            Assert.Throws<InvalidDataException>(() => GenreTarget.Load(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void FromAudio_StagedFlac_MatchesBandsCsvWithin0Point2Db()
    {
        // bands.csv was measured by compute_bands.py (Welch 8192 Hann 50 %, [lo, hi) bins) on the same excerpt.
        string? folder = MixSignals.MixesFolder(output);
        if (folder is null)
        {
            return;
        }

        const string file = "jazz_macleod_vibe-ace.flac";
        string row = File.ReadLines(Path.Combine(folder, "bands.csv")).First(l => l.Contains("," + file + ",", StringComparison.Ordinal));
        string[] f = row.Split(',');
        GenreTarget measured = GenreTarget.FromAudio("vibe", [Path.Combine(folder, file)]);
        Assert.Equal(1, measured.TrackCount);
        for (int b = 0; b < 7; b++)
        {
            double expected = double.Parse(f[4 + b], CultureInfo.InvariantCulture);
            output.WriteLine($"{(Band)b}: C# {measured.LevelDb((Band)b):F2}, compute_bands.py {expected:F2}");
            Assert.InRange(measured.LevelDb((Band)b) - expected, -0.2, 0.2);
        }
    }

    [Fact]
    public void FromAudio_EmptyFolder_Throws()
    {
        string dir = Directory.CreateTempSubdirectory("nm-empty").FullName;
        try
        {
            Assert.Throws<ArgumentException>(() => GenreTarget.FromAudio("x", [dir]));
        }
        finally
        {
            Directory.Delete(dir);
        }
    }
}
