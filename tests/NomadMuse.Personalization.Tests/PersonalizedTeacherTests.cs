using NomadMuse.Core.Training;
using NomadMuse.Generation.Model;
using NomadMuse.Generation.Training;
using NomadMuse.Testing;

namespace NomadMuse.Personalization.Tests;

/// <summary>P_personal as a batch teacher must be the distribution the adapter gives a streaming session.</summary>
public sealed class PersonalizedTeacherTests
{
    private const int V = GeneratorConfig.Vocabulary;

    [Fact]
    public void BatchForward_EqualsTheStreamingAdaptedLogits_TokenByToken()
    {
        var random = new TrainingRandom(11);
        var model = new GeneratorModel(new GeneratorConfig(8, 12, 0f), random);
        var adapter = new PersonalAdapter(12, 4, random);
        WeightInit.Uniform(adapter.Up, 0.5f, random);
        WeightInit.Uniform(adapter.Bias, 0.5f, random);
        var teacher = new PersonalizedTeacher(model, adapter);
        int[] tokens = [1, 60, 140, 64, 67, 200, 62];
        float[] batched = new float[tokens.Length * V];
        teacher.Forward(tokens, tokens.Length, 1, [5], [1], batched);

        var state = model.CreateState();
        state.SetContext(5, 1);
        float[] logits = new float[V], scratch = new float[adapter.ScratchLength];
        float worst = 0f, moved = 0f;
        for (int t = 0; t < tokens.Length; t++)
        {
            model.Step(tokens[t], state, logits);
            float[] frozen = [.. logits];
            adapter.ApplyShare(state, logits, 1.0, scratch);
            for (int i = 0; i < V; i++)
            {
                worst = Math.Max(worst, Math.Abs(batched[(t * V) + i] - logits[i]));
                moved = Math.Max(moved, Math.Abs(logits[i] - frozen[i]));
            }
        }

        Assert.True(moved > 0.1f, "the adapter must change the logits, or the comparison proves nothing");
        Assert.True(worst < 1e-4f, $"largest difference {worst:E2}");
    }

    [Fact]
    public void IsFrozen_AndChecksTheHiddenWidth()
    {
        var random = new TrainingRandom(12);
        var model = new GeneratorModel(new GeneratorConfig(8, 12, 0f), random);
        Assert.Throws<ArgumentException>(() => new PersonalizedTeacher(model, new PersonalAdapter(16, 4, random)));
        var teacher = new PersonalizedTeacher(model, new PersonalAdapter(12, 4, random));
        Assert.Empty(teacher.Parameters);
        Assert.Throws<InvalidOperationException>(() => teacher.Backward(new float[V]));
    }

    [Fact]
    public void AsEnsembleMember_ItsWeightGammaShiftsTheMixtureTowardTheAdaptedDistribution()
    {
        var random = new TrainingRandom(13);
        var student = new GeneratorModel(new GeneratorConfig(8, 12, 0f), random);
        var adapter = new PersonalAdapter(12, 4, random);
        WeightInit.Uniform(adapter.Up, 0.5f, random);
        WeightInit.Uniform(adapter.Bias, 0.5f, random);
        var personal = new PersonalizedTeacher(new GeneratorModel(new GeneratorConfig(8, 12, 0f), new TrainingRandom(13)), adapter);
        int[] tokens = [1, 60, 64];
        float[] Distribution(ISequenceModel m)
        {
            float[] z = new float[tokens.Length * V];
            m.Forward(tokens, tokens.Length, 1, [0], [0], z);
            float[] p = new float[V];
            System.Numerics.Tensors.TensorPrimitives.SoftMax(z.AsSpan((tokens.Length - 1) * V, V), p);
            return p;
        }

        float[] frozen = Distribution(student), adapted = Distribution(personal);
        double gamma = AdapterWeighting.Gamma(20);
        float[] mixed = Distribution(new TeacherEnsemble([(student, 0.3), (personal, gamma)]));
        double share = gamma / (0.3 + gamma);
        for (int i = 0; i < V; i++)
        {
            Assert.Equal(((1 - share) * frozen[i]) + (share * adapted[i]), mixed[i], 5);
        }
    }
}
