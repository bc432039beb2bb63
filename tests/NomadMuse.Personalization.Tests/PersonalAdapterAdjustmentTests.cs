using NomadMuse.Core.Training;
using NomadMuse.Generation.Model;
using NomadMuse.Generation.Runtime;
using NomadMuse.Generation.Runtime.Modes;
using NomadMuse.Generation.Tokens;
using NomadMuse.Testing;

namespace NomadMuse.Personalization.Tests;

public sealed class PersonalAdapterAdjustmentTests
{
    private static readonly int[] Prompt = [MuseVocabulary.Start, 166, 66, 137, 201, 170, 70, 140, 199, 166, 62, 137];

    /// <summary>A random generator and an adapter whose bias strongly favours NOTE_ON 84 (C6).</summary>
    private static (MuseGenerator Generator, PersonalAdapter Adapter, int Favoured) Pair()
    {
        var random = new TrainingRandom(21);
        var model = new GeneratorModel(new GeneratorConfig(16, 24, 0f), random);
        var adapter = new PersonalAdapter(24, 4, random);
        int favoured = MuseVocabulary.NoteOn(84);
        adapter.Bias.Value[favoured] = 12f;
        return (MuseGenerator.FromModel(model), adapter, favoured);
    }

    private static int[] Generate(MuseGenerator generator, ILogitAdjustment? adjustment, int count)
    {
        var session = generator.OpenSession(new GenerationOptions { Seed = 4, Mode = GenerationMode.Tonal, KeyConstraint = KeyConstraint.None, LogitAdjustment = adjustment });
        session.PrimeTokens(Prompt);
        int[] tokens = new int[count];
        for (int i = 0; i < count; i++)
        {
            Assert.True(session.TryStep(out var e));
            tokens[i] = e.Token;
        }

        return tokens;
    }

    [Fact]
    public void GammaZero_GeneratesExactlyWhatTheGeneratorAloneDoes()
    {
        var (generator, adapter, _) = Pair();
        Assert.Equal(Generate(generator, null, 300), Generate(generator, new PersonalAdapterAdjustment(adapter, 0), 300));
    }

    [Fact]
    public void Gamma_ShiftsSamplingTowardsWhatTheAdapterFavours_AndSameSeedRepeats()
    {
        var (generator, adapter, favoured) = Pair();
        int plain = Generate(generator, null, 600).Count(t => t == favoured);
        var adjustment = new PersonalAdapterAdjustment(adapter, 0.2);
        int[] personal = Generate(generator, adjustment, 600);
        Assert.Equal(personal, Generate(generator, adjustment, 600));
        Assert.True(personal.Count(t => t == favoured) > plain + 10, $"favoured note {personal.Count(t => t == favoured)} times with the adapter, {plain} without");
    }

    [Fact]
    public void TryStep_WithAdapter_AllocatesNothing()
    {
        var (generator, adapter, _) = Pair();
        var session = generator.OpenSession(new GenerationOptions { Seed = 4, Mode = GenerationMode.Tonal, LogitAdjustment = new PersonalAdapterAdjustment(adapter, 0.15) });
        session.PrimeTokens(Prompt);
        Assert.Equal(0, AllocationProbe.MinAllocatedBytes(() => session.TryStep(out _), calls: 500));
    }

    [Fact]
    public void Open_OnAGeneratorOfAnotherWidth_Throws()
    {
        var (_, adapter, _) = Pair();
        var other = MuseGenerator.FromModel(new GeneratorModel(new GeneratorConfig(16, 32, 0f), new TrainingRandom(1)));
        var ex = Assert.Throws<ArgumentException>(() => other.OpenSession(new GenerationOptions { LogitAdjustment = new PersonalAdapterAdjustment(adapter, 0.2) }));
        Assert.Contains("H = 24", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new PersonalAdapterAdjustment(adapter, double.NaN));
    }
}
