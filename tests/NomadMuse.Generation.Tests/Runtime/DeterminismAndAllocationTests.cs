using NomadMuse.Generation.Runtime;
using NomadMuse.Generation.Runtime.Modes;
using NomadMuse.Generation.Tokens;
using NomadMuse.State;

namespace NomadMuse.Generation.Tests.Runtime;

public sealed class DeterminismAndAllocationTests
{
    private static readonly BeatNote[] Motif =
    [
        new(0, 1, 60, 90, false), new(1, 1, 64, 80, false), new(2, 1, 67, 85, false), new(3, 1, 72, 100, false),
        new(4, 2, 65, 70, false), new(6, 2, 69, 95, false),
    ];

    [Fact]
    public void TryStep_SameSeed_GivesIdenticalTokensAndProbabilities()
    {
        PredictedEvent[] a = Run(seed: 42), b = Run(seed: 42);
        Assert.Equal(a, b);
    }

    [Fact]
    public void TryStep_DifferentSeed_GivesDifferentTokens()
    {
        int[] a = [.. Run(seed: 42).Select(e => e.Token)], b = [.. Run(seed: 43).Select(e => e.Token)];
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Continue_SameSeed_GivesIdenticalNotes_AcrossGenerators()
    {
        IReadOnlyList<GeneratedNote> first = ContinueFromMotif(7), second = ContinueFromMotif(7);
        Assert.NotEmpty(first);
        Assert.Equal(first, second);
    }

    [Fact]
    public void TryStep_AfterWarmup_AllocatesNothing_InEveryMode()
    {
        var state = new UnifiedState();
        foreach (int v in new[] { 60, 80, 100, 90, 70 })
        {
            state.RecordVelocity(v);
        }

        state.SetTrackClassification(0, InstrumentClass.PianoKeys, TrackType.Tonal, 1f);
        var options = new GenerationOptions { State = state, Seed = 9, TopK = 40, TopP = 0.9f, KeyConstraint = KeyConstraint.Soft, KeySource = KeySource.State };
        foreach (GenerationMode mode in new[] { GenerationMode.Tonal, GenerationMode.Percussive, GenerationMode.Auto })
        {
            var session = RuntimeTestModels.Student().OpenSession(options with { Mode = mode });
            session.Prime(Motif);
            for (int i = 0; i < 500; i++)
            {
                Assert.True(session.TryStep(out _));
            }

            long allocated = AllocationProbe.MinAllocatedBytes(() => session.TryStep(out _), calls: 400, warmUpCalls: 0);
            Assert.True(allocated == 0, $"{mode}: {allocated} bytes over 2000 tokens");
        }
    }

    [Fact]
    public void TryStep_StrictDetectedKey_AllocatesNothing()
    {
        var session = RuntimeTestModels.Student().OpenSession(new GenerationOptions { Mode = GenerationMode.Tonal, Seed = 10 });
        session.Prime(Motif);
        for (int i = 0; i < 500; i++)
        {
            session.TryStep(out _);
        }

        Assert.Equal(0, AllocationProbe.MinAllocatedBytes(() => session.TryStep(out _), calls: 400, warmUpCalls: 0));
    }

    private static PredictedEvent[] Run(long seed)
    {
        var session = RuntimeTestModels.Small().OpenSession(new GenerationOptions { Mode = GenerationMode.Tonal, Seed = seed, TopK = 20, TopP = 0.9f });
        session.Prime(Motif);
        var events = new PredictedEvent[400];
        for (int i = 0; i < events.Length; i++)
        {
            Assert.True(session.TryStep(out events[i]));
        }

        return events;
    }

    private static IReadOnlyList<GeneratedNote> ContinueFromMotif(long seed)
    {
        var session = RuntimeTestModels.Small().OpenSession(new GenerationOptions { Seed = seed });
        session.Prime(Motif);
        return session.ContinueBars(4);
    }
}
