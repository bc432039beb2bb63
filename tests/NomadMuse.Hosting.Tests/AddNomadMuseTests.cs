using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NomadMuse.State;

namespace NomadMuse.Hosting.Tests;

public sealed class AddNomadMuseTests
{
    private const int Rate = 44_100;

    [Fact]
    public void AddNomadMuse_WithAnalysis_ResolvesOneStateAndOneCoordinator()
    {
        using ServiceProvider provider = new ServiceCollection().AddNomadMuse(b => b.AddAnalysis(o => o.Genre = "rock")).BuildServiceProvider();
        var coordinator = provider.GetRequiredService<IMuseCoordinator>();
        Assert.Same(coordinator, provider.GetRequiredService<IMuseCoordinator>());
        Assert.Same(provider.GetRequiredService<UnifiedState>(), provider.GetRequiredService<UnifiedState>());
        Assert.Equal("rock", coordinator.State.Mix.Genre);
        Assert.Equal("rock", provider.GetRequiredService<IOptions<AnalysisOptions>>().Value.Genre);
    }

    [Fact]
    public void OnMixAudio_PolarityFlippedMix_SuggestionReachesTheState()
    {
        using ServiceProvider provider = new ServiceCollection()
            .AddNomadMuse(b => b.AddAnalysis(o =>
            {
                o.SampleRate = Rate;
                o.UpdateInterval = TimeSpan.FromMilliseconds(50);
            }))
            .BuildServiceProvider();
        var coordinator = provider.GetRequiredService<IMuseCoordinator>();
        float[] mix = Noise(1, Rate * 2, flipRight: true);
        for (int i = 0; i < mix.Length; i += 1024)
        {
            coordinator.OnMixAudio(mix.AsSpan(i, Math.Min(1024, mix.Length - i)), Rate);
        }

        Assert.True(SpinWait.SpinUntil(() => coordinator.State.Mix.Suggestions.Any(s => s.Severity == SuggestionSeverity.Critical && s.Message.Contains("polarity", StringComparison.OrdinalIgnoreCase)),
            TimeSpan.FromSeconds(20)), "the polarity suggestion did not arrive");
        Assert.NotNull(coordinator.LatestMixReport);
    }

    [Fact]
    public void OnMixAudio_AfterWarmUp_AllocatesNothing()
    {
        using ServiceProvider provider = new ServiceCollection().AddNomadMuse(b => b.AddAnalysis(o => o.RingSeconds = 60)).BuildServiceProvider();
        var coordinator = provider.GetRequiredService<IMuseCoordinator>();
        float[] buffer = new float[256 * 2];
        coordinator.OnMixAudio(buffer, 48_000);
        coordinator.OnMixAudio(buffer, 44_100);
        long least = AllocationProbe.MinAllocatedBytes(
            () =>
            {
                coordinator.OnMixAudio(buffer, 48_000);
                coordinator.OnMixAudio(buffer, 44_100);
            },
            calls: 200);

        Assert.Equal(0, least);
    }

    [Fact]
    public void Resolve_BadOptions_ThrowsListingEveryProblem()
    {
        using ServiceProvider provider = new ServiceCollection()
            .AddNomadMuse(b => b.AddAnalysis(o =>
            {
                o.Genre = "polka";
                o.SampleRate = 1000;
                o.UpdateInterval = TimeSpan.Zero;
            }))
            .BuildServiceProvider();
        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IMuseCoordinator>());
        Assert.Equal(3, e.Failures.Count());
        Assert.Contains(e.Failures, f => f.Contains("Genre 'polka'", StringComparison.Ordinal) && f.Contains("rock", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.Contains("SampleRate must be 8000–768000 Hz (got 1000)", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.Contains("UpdateInterval", StringComparison.Ordinal));
    }

    [Fact]
    public void StartupValidator_BadTargetPath_FailsBeforeAnyAudio()
    {
        using ServiceProvider provider = new ServiceCollection()
            .AddNomadMuse(b => b.AddAnalysis(o => o.TargetPath = "/no/such/curve.json"))
            .BuildServiceProvider();
        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("TargetPath", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddNomadMuse_WithoutAnalysis_StateWorksAndMixAudioIsIgnored()
    {
        using ServiceProvider provider = new ServiceCollection().AddNomadMuse().BuildServiceProvider();
        var coordinator = provider.GetRequiredService<IMuseCoordinator>();
        coordinator.OnMixAudio(new float[128], 48_000);
        provider.GetRequiredService<UnifiedState>().SetTempo(128);
        Assert.Equal(128, coordinator.State.Music.TempoBpm);
        Assert.Null(coordinator.LatestMixReport);
    }

    [Fact]
    public void Logging_StartWrongRateAndStop_AreLogged()
    {
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(ListLogger<>));
        services.AddNomadMuse(b => b.AddAnalysis(o =>
        {
            o.Genre = "metal";
            o.UpdateInterval = TimeSpan.FromMilliseconds(20);
        }));
        using (ServiceProvider provider = services.BuildServiceProvider())
        {
            var coordinator = provider.GetRequiredService<IMuseCoordinator>();
            coordinator.OnMixAudio(new float[64], 22_050);
            Assert.True(SpinWait.SpinUntil(() => Logged<AnalysisModule>(LogLevel.Warning, "22050") || Logged<AnalysisModule>(LogLevel.Warning, "sample rate"), TimeSpan.FromSeconds(10)));
        }

        Assert.True(Logged<AnalysisModule>(LogLevel.Information, "started: target metal"));
        Assert.True(Logged<AnalysisModule>(LogLevel.Information, "analysis stopped"));
        Assert.True(Logged<MuseCoordinator>(LogLevel.Information, "analysis on"));
    }

    [Fact]
    public void DisposeProvider_StopsTheAnalysis()
    {
        ServiceProvider provider = new ServiceCollection()
            .AddNomadMuse(b => b.AddAnalysis(o =>
            {
                o.SampleRate = Rate;
                o.UpdateInterval = TimeSpan.FromMilliseconds(20);
            }))
            .BuildServiceProvider();
        var coordinator = provider.GetRequiredService<IMuseCoordinator>();
        var state = provider.GetRequiredService<UnifiedState>();
        provider.Dispose();
        long version = state.Current.Version;
        coordinator.OnMixAudio(Noise(2, Rate, flipRight: false), Rate);
        Thread.Sleep(200);
        Assert.Equal(version, state.Current.Version);
    }

    private static bool Logged<T>(LogLevel level, string text) =>
        ListLogger<T>.Entries.Any(e => e.Level == level && e.Message.Contains(text, StringComparison.OrdinalIgnoreCase));

    /// <summary>Seeded stereo noise, L and R correlated 0.9; optionally the right channel polarity-flipped.</summary>
    private static float[] Noise(int seed, int frames, bool flipRight)
    {
        var random = new Random(seed);
        float[] stereo = new float[frames * 2];
        for (int i = 0; i < frames; i++)
        {
            float common = (float)(random.NextDouble() - 0.5) * 0.4f, own = (float)(random.NextDouble() - 0.5) * 0.4f;
            stereo[2 * i] = common;
            stereo[(2 * i) + 1] = (flipRight ? -1 : 1) * ((0.9f * common) + (0.44f * own));
        }

        return stereo;
    }
}
