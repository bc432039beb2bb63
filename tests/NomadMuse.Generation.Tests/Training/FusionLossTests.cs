using NomadMuse.Core.Training;
using NomadMuse.Generation.Model;
using NomadMuse.Generation.Training;

namespace NomadMuse.Generation.Tests.Training;

/// <summary>The fusion objective of seed §3.2.6: KL to a weighted teacher mixture, plus λ·L_accept on logged sequences.</summary>
public sealed class FusionLossTests
{
    private const int V = GeneratorConfig.Vocabulary;

    private static GeneratorModel Model(ulong seed, float scale = 0f)
    {
        var model = new GeneratorModel(new GeneratorConfig(6, 8, 0f), new TrainingRandom(seed));
        if (scale > 0f)
        {
            // Larger head weights make the members disagree visibly, so a wrong mixture cannot pass for a right one.
            var rnd = new Random((int)seed);
            foreach (var p in model.Parameters.Where(p => p.Name.StartsWith("head", StringComparison.Ordinal)))
            {
                for (int i = 0; i < p.Length; i++)
                {
                    p.Value[i] = (float)(((rnd.NextDouble() * 2) - 1) * scale);
                }
            }
        }

        return model;
    }

    private static GenerationBatch Batch()
    {
        var batch = new GenerationBatch(4, 2);
        int[] inputs = [1, 1, 60, 200, 135, 7, 62, 0];
        int[] targets = [60, 200, 135, 7, 62, 9, 64, 0];
        inputs.CopyTo(batch.Inputs, 0);
        targets.CopyTo(batch.Targets, 0);
        batch.Instruments[0] = 3;
        batch.Instruments[1] = 10;
        batch.TrackTypes[0] = 1;
        batch.TrackTypes[1] = 2;
        batch.TargetCount = 7;
        return batch;
    }

    private static float[] Logits(ISequenceModel model, GenerationBatch batch)
    {
        float[] logits = new float[batch.Steps * batch.Batch * V];
        model.Forward(batch.Inputs, batch.Steps, batch.Batch, batch.Instruments, batch.TrackTypes, logits, training: false);
        return logits;
    }

    private static double[] Softmax(ReadOnlySpan<float> z, float temperature)
    {
        float max = System.Numerics.Tensors.TensorPrimitives.Max(z);
        double[] p = new double[z.Length];
        double sum = 0;
        for (int i = 0; i < z.Length; i++)
        {
            p[i] = Math.Exp((z[i] - max) / temperature);
            sum += p[i];
        }

        for (int i = 0; i < z.Length; i++)
        {
            p[i] /= sum;
        }

        return p;
    }

    [Theory]
    [InlineData(1f)]
    [InlineData(3f)]
    public void Ensemble_SoftmaxOfItsLogits_IsTheWeightedMixtureOfTheMembersTemperedDistributions(float temperature)
    {
        var a = Model(1, scale: 2f);
        var b = Model(2, scale: 2f);
        var c = Model(3, scale: 2f);
        var ensemble = new TeacherEnsemble([(a, 0.5), (b, 0.3), (c, 0.2)], temperature);
        var batch = Batch();
        float[] mixed = Logits(ensemble, batch);
        float[] za = Logits(a, batch), zb = Logits(b, batch), zc = Logits(c, batch);
        double worst = 0;
        for (int r = 0; r < batch.Steps * batch.Batch; r++)
        {
            double[] pm = Softmax(mixed.AsSpan(r * V, V), temperature);
            double[] pa = Softmax(za.AsSpan(r * V, V), temperature), pb = Softmax(zb.AsSpan(r * V, V), temperature), pc = Softmax(zc.AsSpan(r * V, V), temperature);
            for (int i = 0; i < V; i++)
            {
                worst = Math.Max(worst, Math.Abs(pm[i] - ((0.5 * pa[i]) + (0.3 * pb[i]) + (0.2 * pc[i]))));
            }
        }

        Assert.True(worst < 1e-6, $"largest probability error {worst:E2}");
        Assert.Equal([0.5, 0.3, 0.2], ensemble.Weights.Select(w => Math.Round(w, 12)));
    }

    [Fact]
    public void Ensemble_NormalisesWeights_AndDropsZeroWeightMembers()
    {
        var a = Model(1, scale: 2f);
        var b = Model(2, scale: 2f);
        var batch = Batch();
        // The seed's 0.5 + 0.3 (+ γ ≈ 0 before any session) do not sum to 1: the mixture is normalised.
        var unnormalised = new TeacherEnsemble([(a, 0.5), (b, 0.3), (Model(3, 2f), 0.0)]);
        var normalised = new TeacherEnsemble([(a, 0.625), (b, 0.375)]);
        Assert.Equal(2, unnormalised.Weights.Count);
        Assert.Equal(Logits(normalised, batch), Logits(unnormalised, batch));
    }

    [Fact]
    public void Ensemble_OfOneMember_DistilsExactlyAsThatTeacher()
    {
        var teacher = Model(5, scale: 2f);
        var batch = Batch();
        float[] Gradients(ISequenceModel t)
        {
            var student = Model(9);
            var step = new DistillationLossStep(student, t, temperature: 3f, alpha: 0.3f);
            step.Run(batch);
            return [.. student.Parameters.SelectMany(p => p.Gradient)];
        }

        Assert.Equal(Gradients(teacher), Gradients(new TeacherEnsemble([(teacher, 0.4)], 3f)));
    }

    [Fact]
    public void Ensemble_RejectsBadMembers_AndCannotBeTrained()
    {
        var a = Model(1);
        Assert.Throws<ArgumentException>(() => new TeacherEnsemble([]));
        Assert.Throws<ArgumentException>(() => new TeacherEnsemble([(a, 0.5), (a, 0.5)]));
        Assert.Throws<ArgumentException>(() => new TeacherEnsemble([(a, 0.0)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TeacherEnsemble([(a, -1.0)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TeacherEnsemble([(a, 1.0)], temperature: 0f));
        var ensemble = new TeacherEnsemble([(a, 1.0), (Model(2), 1.0)]);
        Assert.Empty(ensemble.Parameters);
        Assert.Throws<InvalidOperationException>(() => ensemble.Backward(new float[V]));
    }

    private static WeightedSequence[] Logged() =>
    [
        new([1, 60, 62, 64, 65, 67, 69, 71, 72], 1f, 3, 1),
        new([1, 36, 38, 36, 42], 0.1f, 10, 2),
        new([1, 70, 75], 1f, 4, 1),
    ];

    [Fact]
    public void Acceptance_LossIsTheWeightedMeanOfEachSequencesOwnCrossEntropy()
    {
        // Reference: every sequence run alone (batch 1), its per-token CE weighted by its weight. The batched term must
        // give the same number, so windows, padding, time-major layout and context columns are all laid out right.
        var model = Model(4, scale: 1f);
        var term = new AcceptanceTerm(Logged(), lambda: 0.5f, seqLen: 8, batch: 3);
        float scaled = term.Run(model);
        double weighted = 0, weights = 0;
        foreach (var s in Logged())
        {
            int steps = s.Tokens.Length - 1;
            float[] logits = new float[steps * V];
            model.Forward(s.Tokens.AsSpan(0, steps), steps, 1, [s.Instrument], [s.TrackType], logits, training: false);
            for (int t = 0; t < steps; t++)
            {
                double[] p = Softmax(logits.AsSpan(t * V, V), 1f);
                weighted += s.Weight * -Math.Log(p[s.Tokens[t + 1]]);
                weights += s.Weight;
            }
        }

        Assert.Equal(weighted / weights, term.LastLoss, 4);
        Assert.Equal(0.5f * term.LastLoss, scaled, 6);
        Assert.Equal(3, term.WindowCount);
    }

    [Fact]
    public void Acceptance_AddsLambdaTimesItsGradientToTheDistillationGradient()
    {
        var teacher = new TeacherEnsemble([(Model(1, 2f), 0.5), (Model(2, 2f), 0.3)]);
        var batch = Batch();
        float[] Run(bool distil, bool accept)
        {
            var student = Model(9);
            var term = new AcceptanceTerm(Logged(), lambda: 0.1f, seqLen: 4, batch: 2);
            if (distil)
            {
                new DistillationLossStep(student, teacher, 1f, 0f, accept ? term : null).Run(batch);
            }
            else
            {
                term.Run(student);
            }

            return [.. student.Parameters.SelectMany(p => p.Gradient)];
        }

        float[] both = Run(distil: true, accept: true), kl = Run(distil: true, accept: false), accepted = Run(distil: false, accept: true);
        Assert.Contains(accepted, g => g != 0f);
        float worst = 0f;
        for (int i = 0; i < both.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(both[i] - (kl[i] + accepted[i])));
        }

        Assert.True(worst < 1e-6f, $"largest gradient difference {worst:E2}");
    }

    [Fact]
    public void Acceptance_TrainingRaisesTheLikelihoodOfAcceptedSequences()
    {
        var student = Model(9);
        var term = new AcceptanceTerm([Logged()[0]], lambda: 1f, seqLen: 8, batch: 1);
        var optimizer = new AdamW(student.Parameters, learningRate: 1e-2f, weightDecay: 0f);
        term.Run(student);
        float before = term.LastLoss;
        for (int i = 0; i < 30; i++)
        {
            optimizer.ZeroGradients();
            term.Run(student);
            optimizer.Step();
        }

        term.Run(student);
        Assert.True(term.LastLoss < before * 0.8f, $"accepted-sequence loss {before:F3} → {term.LastLoss:F3}");
    }

    [Fact]
    public void Acceptance_RejectsUnusableInput()
    {
        Assert.Throws<ArgumentException>(() => new AcceptanceTerm([new WeightedSequence([1], 1f, 0, 0)]));
        Assert.Throws<ArgumentException>(() => new AcceptanceTerm([new WeightedSequence([1, 2, 3], 0f, 0, 0)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AcceptanceTerm([new WeightedSequence([1, V], 1f, 0, 0)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AcceptanceTerm([new WeightedSequence([1, 2], -1f, 0, 0)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AcceptanceTerm([new WeightedSequence([1, 2], 1f, 99, 0)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AcceptanceTerm(Logged(), lambda: -0.1f));
    }
}
