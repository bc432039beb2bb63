using NomadMuse.State;
using Xunit.Abstractions;

namespace NomadMuse.Analysis.Tests;

public sealed class MixAnalyzerTests(ITestOutputHelper output)
{
    private const int NoiseRate = 44100;

    private static readonly string[] Excerpts =
    [
        "rock_k-pone_motorway.flac", "metal_obsidian-shell_ezer-ev.flac", "edm_k-pone_crushed-ice-cocktail.flac",
        "pop_karissa-hobbs_lets-go-fishin.flac", "hiphop_tad_cue.flac", "classical_westlund_legends-of-the-north.flac",
    ];

    private enum Fault
    {
        MudAt300Hz,
        DullAbove10kHz,
        FlippedPolarity,
    }

    /// <summary>Trials: pink noise with five seeds (partly decorrelated stereo) and, when available, six real excerpts (15 s each).</summary>
    private List<(string Name, float[] Audio, int Rate)> Trials()
    {
        var trials = new List<(string, float[], int)>();
        for (int seed = 0; seed < 5; seed++)
        {
            trials.Add(($"pink seed {seed}", MixSignals.PinkStereo(100 + seed, NoiseRate * 10, correlation: 0.8), NoiseRate));
        }

        string? folder = MixSignals.MixesFolder(output);
        if (folder is not null)
        {
            foreach (string file in Excerpts)
            {
                float[] audio = MixSignals.ReadFlac(Path.Combine(folder, file), 15, out int rate);
                trials.Add((file, audio, rate));
            }
        }

        return trials;
    }

    private static float[] Inject(float[] audio, int rate, Fault fault) => fault switch
    {
        Fault.MudAt300Hz => MixSignals.Filter(audio, 2, MixSignals.Peaking(rate, 300, 6, 1.0)),
        Fault.DullAbove10kHz => MixSignals.Filter(audio, 2, MixSignals.HighShelf(rate, 10000, -6)),
        _ => MixSignals.FlipRight(audio),
    };

    private static bool Named(MixReport report, Fault fault) => fault switch
    {
        Fault.MudAt300Hz => report.Suggestions.Any(s => s.Band == Band.LowMid && s.Action == MixAction.Cut && s.AmountDb < 0),
        Fault.DullAbove10kHz => report.Suggestions.Any(s => s.Band == Band.Air && s.Action == MixAction.Boost && s.AmountDb > 0),
        _ => report.Suggestions.Length > 0 && report.Suggestions[0].Severity == SuggestionSeverity.Critical
            && report.Suggestions[0].Message.Contains("polarity", StringComparison.Ordinal),
    };

    [Theory]
    [InlineData(Fault.MudAt300Hz)]
    [InlineData(Fault.DullAbove10kHz)]
    [InlineData(Fault.FlippedPolarity)]
    private void Report_InjectedFault_IsNamedInAtLeast90PercentOfTrials(Fault fault)
    {
        int hits = 0, total = 0;
        foreach ((string name, float[] audio, int rate) in Trials())
        {
            // The target is the untouched signal's own balance, so any deviation is the injected one.
            GenreTarget target = GenreTarget.FromLevels("reference", MixSignals.Analyze(audio, rate).Balance.LongTermRelative);
            MixReport report = MixSignals.Analyze(Inject(audio, rate, fault), rate).Report(target);
            bool named = Named(report, fault);
            hits += named ? 1 : 0;
            total++;
            output.WriteLine($"{name}: {(named ? "named" : "MISSED")}; low-mid {report.DeviationDb(Band.LowMid):+0.0;-0.0} air {report.DeviationDb(Band.Air):+0.0;-0.0} corr {report.Stereo.Correlation:F2}");
            foreach (MixSuggestion s in report.Suggestions)
            {
                output.WriteLine($"   {s.Severity} {s.Band} {s.Action} {s.AmountDb} {s.Message}");
            }
        }

        output.WriteLine($"{fault}: named in {hits} of {total} trials");
        Assert.True(hits >= 0.9 * total, $"{fault}: named in {hits} of {total} trials");
    }

    [Fact]
    public void Report_CleanSignalAgainstItsOwnBalance_HasNoTonalSuggestion()
    {
        float[] audio = MixSignals.PinkStereo(42, NoiseRate * 10, correlation: 0.8);
        GenreTarget target = GenreTarget.FromLevels("self", MixSignals.Analyze(audio, NoiseRate).Balance.LongTermRelative);
        MixReport report = MixSignals.Analyze(audio, NoiseRate).Report(target, new SuggestionOptions { MaxSuggestions = 50 });
        Assert.DoesNotContain(report.Suggestions, s => s.Action is MixAction.Cut or MixAction.Boost or MixAction.HighPass);
        foreach (Band band in Enum.GetValues<Band>())
        {
            Assert.Equal(0.0, report.DeviationDb(band), 9);
        }
    }

    [Fact]
    public void Report_WideBass_SuggestsNarrowingLowBand()
    {
        // Uncorrelated noise: side ≈ mid in every band, far above the −10 dB wide-bass threshold.
        float[] audio = MixSignals.PinkStereo(8, NoiseRate * 5, correlation: 0.0);
        MixReport report = MixSignals.Analyze(audio, NoiseRate).Report(GenreTarget.Builtin("rock"), new SuggestionOptions { MaxSuggestions = 50 });
        Assert.Contains(report.Suggestions, s => s.Band == Band.SubBass && s.Action == MixAction.Narrow && s.Message.StartsWith("Wide bass", StringComparison.Ordinal));
    }

    [Fact]
    public void Report_LoudHotMaster_FlagsLoudnessTruePeakAndCompression()
    {
        // Pink noise amplified ×20 and hard-clipped at 0.99: very loud, peaks at the ceiling, PLR of a few dB.
        float[] audio = MixSignals.PinkStereo(9, NoiseRate * 10).Select(x => Math.Clamp(x * 20, -0.99f, 0.99f)).ToArray();
        MixReport report = MixSignals.Analyze(audio, NoiseRate).Report(GenreTarget.Builtin("edm"), new SuggestionOptions { MaxSuggestions = 50 });
        Assert.True(report.Loudness.IntegratedLufs > -10, $"I = {report.Loudness.IntegratedLufs}");
        Assert.Contains(report.Suggestions, s => s.Action == MixAction.Gain && s.AmountDb < 0 && s.Message.Contains("streaming target", StringComparison.Ordinal));
        Assert.Contains(report.Suggestions, s => s.Action == MixAction.Compress && s.Message.StartsWith("Over-compressed", StringComparison.Ordinal));
    }

    [Fact]
    public void Report_ToleranceAndTopN_AreHonoured()
    {
        float[] audio = MixSignals.PinkStereo(10, NoiseRate * 5, correlation: 0.9);
        MixAnalyzer analyzer = MixSignals.Analyze(audio, NoiseRate);
        GenreTarget jazz = GenreTarget.Builtin("jazz");
        int loose = analyzer.Report(jazz, new SuggestionOptions { MaxSuggestions = 50, ToleranceDb = 40 }).Suggestions.Count(s => s.Band is not null);
        int strict = analyzer.Report(jazz, new SuggestionOptions { MaxSuggestions = 50, ToleranceDb = 0.5 }).Suggestions.Count(s => s.Band is not null);
        Assert.Equal(0, loose);
        Assert.True(strict >= 5, $"strict tolerance gave {strict} tonal suggestions");
        MixReport top2 = analyzer.Report(jazz, new SuggestionOptions { MaxSuggestions = 2, ToleranceDb = 0.5 });
        Assert.Equal(2, top2.Suggestions.Length);
        var all = analyzer.Report(jazz, new SuggestionOptions { MaxSuggestions = 50, ToleranceDb = 0.5 }).Suggestions;
        for (int i = 1; i < all.Length; i++)
        {
            Assert.True(all[i - 1].Severity >= all[i].Severity, "suggestions must be sorted by severity");
        }
    }

    [Fact]
    public void Report_BandTrackHint_AttachesTrackIds()
    {
        float[] audio = MixSignals.PinkStereo(11, NoiseRate * 5, correlation: 0.9);
        var hint = new Dictionary<Band, System.Collections.Immutable.ImmutableArray<int>> { [Band.Air] = [3, 7] };
        MixReport report = MixSignals.Analyze(audio, NoiseRate).Report(GenreTarget.Builtin("jazz"), new SuggestionOptions { MaxSuggestions = 50, ToleranceDb = 0.5, BandTracks = hint });
        Assert.Equal([3, 7], report.Suggestions.First(s => s.Band == Band.Air).TrackIds.ToArray());
        Assert.All(report.Suggestions.Where(s => s.Band != Band.Air), s => Assert.Empty(s.TrackIds));
        Assert.Equal(report.Suggestions, report.ToMixContext("jazz").Suggestions);
    }

    [Fact]
    public void Push_AfterWarmUp_DoesNotAllocate()
    {
        var analyzer = new MixAnalyzer(48000, 2);
        float[] buffer = MixSignals.PinkStereo(12, 4800);
        for (int i = 0; i < 10; i++)
        {
            analyzer.Push(buffer);
        }

        _ = analyzer.ReadLoudness();
        _ = analyzer.ReadStereo();
        _ = analyzer.ReadDynamics();
        long bytes = AllocationProbe.MinAllocatedBytes(
            () =>
            {
                analyzer.Push(buffer);
                _ = analyzer.ReadStereo();
                _ = analyzer.ReadDynamics();
            },
            calls: 20);

        Assert.Equal(0, bytes);
    }
}
