using NomadMuse.Analysis.Scoring;
using Xunit.Abstractions;

namespace NomadMuse.Analysis.Tests.Scoring;

public sealed class MixScorerTrainingTests(ITestOutputHelper output)
{
    [Fact]
    public void BuildDataset_OneRealHeldOutFile_GivesOneExamplePerFixAndEvaluates()
    {
        string? folder = MixSignals.MixesFolder(output);
        if (folder is null)
        {
            return;
        }

        const string File = "jazz_macleod_vibe-ace.flac";
        var options = new MixScorerTrainingOptions { SegmentsPerFile = 1, SegmentSeconds = 3, HeldOut = [File] };
        ScorerDataset data = MixScorerTraining.BuildDataset(MixScorerTraining.FindAudio(folder), options, heldOutOnly: true);
        Assert.Equal(File, Assert.Single(data.HeldOutSources));
        Assert.Empty(data.TrainingSources);
        Assert.Equal(MixFixes.Count, data.HeldOutCount);
        Assert.Equal(MixFixes.Count * 3.0, data.SecondsAnalysed, 6);

        MixScorerEvaluation rules = MixScorerTraining.EvaluateRules(data, 0);
        Assert.Equal(MixFixes.Count, rules.Examples);
        Assert.All(rules.PerFix, m => Assert.Equal(1, m.Support));
        Assert.Equal(rules.Examples, rules.PerFix.Sum(m => m.Predicted));

        // The polarity rule never misses a flipped channel on real music.
        Assert.Equal(1.0, rules.PerFix[(int)MixFix.InvertPolarity].Recall);
    }

    [Fact]
    public void BuildDataset_NoHeldOutFileAmongTheInputs_Throws()
    {
        var options = new MixScorerTrainingOptions { HeldOut = ["not-there.flac"] };
        var e = Assert.Throws<ArgumentException>(() => MixScorerTraining.BuildDataset([], options));
        Assert.Contains("not-there.flac", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2.0, 6, 150, 3.0, "SegmentSeconds")]
    [InlineData(6.0, 0, 150, 3.0, "SegmentsPerFile")]
    [InlineData(6.0, 6, 0, 3.0, "Epochs")]
    [InlineData(6.0, 6, 150, 13.0, "MaxMismatchDb")]
    public void Validate_BadOption_ThrowsNamingIt(double seconds, int segments, int epochs, double mismatch, string name)
    {
        var options = new MixScorerTrainingOptions { SegmentSeconds = seconds, SegmentsPerFile = segments, Epochs = epochs, MaxMismatchDb = mismatch };
        var e = Assert.ThrowsAny<ArgumentOutOfRangeException>(options.Validate);
        Assert.Contains(name, e.ParamName, StringComparison.Ordinal);
    }
}
