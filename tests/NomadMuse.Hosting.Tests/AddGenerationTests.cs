using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NomadMuse.Core.Training;
using NomadMuse.Generation.Model;
using NomadMuse.Generation.Runtime.Modes;
using NomadMuse.Generation.Tokens;
using NomadMuse.State;

namespace NomadMuse.Hosting.Tests;

public sealed class AddGenerationTests : IDisposable
{
    private readonly string _modelPath = Path.Combine(Path.GetTempPath(), $"nomadmuse-hosting-{Guid.NewGuid():N}.nmm");

    public AddGenerationTests()
    {
        // A random model of the student's shape: the tests check the wiring, not the music.
        new GeneratorModel(GeneratorConfig.Student, new TrainingRandom(3)).Save(_modelPath);
    }

    public void Dispose() => File.Delete(_modelPath);

    [Fact]
    public void RequestNextBar_PercussiveTrackInState_ReturnsOnlyDrumNotes()
    {
        using ServiceProvider provider = Build(o => o.Seed = 11);
        var coordinator = provider.GetRequiredService<IMuseCoordinator>();
        provider.GetRequiredService<UnifiedState>().SetTrackClassification(4, InstrumentClass.SnareDrum, TrackType.Percussive, 0.9f);
        var notes = Enumerable.Range(0, 4).SelectMany(_ => coordinator.RequestNextBar(4)).ToList();
        Assert.NotEmpty(notes);
        Assert.All(notes, n =>
        {
            Assert.True(n.IsDrum);
            Assert.InRange(n.Pitch, 35, 81);
        });
    }

    [Fact]
    public void RequestNextBar_TonalTrackWithKey_StaysInKey()
    {
        using ServiceProvider provider = Build(o =>
        {
            o.Seed = 5;
            o.KeySource = KeySource.State; // the host sets the key
        });
        var coordinator = provider.GetRequiredService<IMuseCoordinator>();
        var state = provider.GetRequiredService<UnifiedState>();
        state.SetKey(MusicalKey.Parse("D major"));
        state.SetTrackClassification(2, InstrumentClass.PianoKeys, TrackType.Tonal, 0.9f);
        int[] dMajor = [2, 4, 6, 7, 9, 11, 1];
        var notes = Enumerable.Range(0, 6).SelectMany(_ => coordinator.RequestNextBar(2)).ToList();
        Assert.NotEmpty(notes);
        Assert.All(notes, n => Assert.Contains(n.Pitch % 12, dMajor));
    }

    [Fact]
    public void RequestNextBar_SameSeed_SameNotesAcrossContainers()
    {
        List<GeneratedNoteKey> Run()
        {
            using ServiceProvider provider = Build(o => o.Seed = 42);
            var coordinator = provider.GetRequiredService<IMuseCoordinator>();
            coordinator.PrimeTrack(1, [new BeatNote(0, 1, 60, 90, false), new BeatNote(1, 1, 64, 90, false)]);
            return [.. coordinator.RequestNextBar(1).Concat(coordinator.RequestNextBar(1)).Select(n => new GeneratedNoteKey(n.StartBeats, n.Pitch))];
        }

        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void AddGeneration_BadOptions_ListsEveryProblem()
    {
        using ServiceProvider provider = new ServiceCollection()
            .AddNomadMuse(b => b.AddGeneration(o =>
            {
                o.ModelPath = "/no/such/model.nmm";
                o.Temperature = 0;
                o.TopP = 1.5f;
                o.TopK = -1;
            }))
            .BuildServiceProvider();
        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<GenerationModuleOptions>>().Value);
        Assert.Equal(4, e.Failures.Count());
        Assert.Contains(e.Failures, f => f.Contains("ModelPath", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.Contains("Temperature", StringComparison.Ordinal));
    }

    [Fact]
    public void RequestNextBar_WithoutAddGeneration_SaysWhatToCall()
    {
        using ServiceProvider provider = new ServiceCollection().AddNomadMuse().BuildServiceProvider();
        var e = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IMuseCoordinator>().RequestNextBar(1));
        Assert.Contains("AddGeneration", e.Message, StringComparison.Ordinal);
    }

    private ServiceProvider Build(Action<GenerationModuleOptions> configure) => new ServiceCollection()
        .AddNomadMuse(b => b.AddGeneration(o =>
        {
            o.ModelPath = _modelPath;
            configure(o);
        }))
        .BuildServiceProvider();

    private readonly record struct GeneratedNoteKey(double Start, int Pitch);
}
