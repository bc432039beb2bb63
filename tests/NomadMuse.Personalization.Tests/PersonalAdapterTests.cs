using NomadMuse.Core.Models;
using NomadMuse.Core.Training;
using NomadMuse.Generation.Model;
using NomadMuse.Testing;

namespace NomadMuse.Personalization.Tests;

public sealed class PersonalAdapterTests : IDisposable
{
    private const int V = GeneratorConfig.Vocabulary;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "nm-adapter-" + Guid.NewGuid().ToString("N"));

    public PersonalAdapterTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A small random generator (E 8, H 12) and a non-trivial adapter for it (B and c random, not zero).</summary>
    private static (GeneratorModel Model, PersonalAdapter Adapter) SmallPair(ulong seed = 3)
    {
        var random = new TrainingRandom(seed);
        var model = new GeneratorModel(new GeneratorConfig(8, 12, 0f), random);
        var adapter = new PersonalAdapter(12, 4, random);
        WeightInit.Uniform(adapter.Up, 0.5f, random);
        WeightInit.Uniform(adapter.Bias, 0.5f, random);
        return (model, adapter);
    }

    [Theory]
    [InlineData(88, 5794)]
    [InlineData(108, 6114)]
    public void ParameterCount_ShippedSizes_RankTimesHPlus258Plus258_UnderFiftyThousand(int hidden, int expected)
    {
        var adapter = new PersonalAdapter(hidden, PersonalAdapter.DefaultRank, new TrainingRandom(1));
        Assert.Equal(expected, adapter.ParameterCount);
        Assert.True(adapter.ParameterCount < 50_000);
        Assert.True(new PersonalAdapter(hidden, 64, new TrainingRandom(1)).ParameterCount < 50_000, "even the largest rank stays under the seed's 50k");
    }

    [Fact]
    public void FreshAdapter_IsExactlyTheFrozenModel()
    {
        var random = new TrainingRandom(5);
        var model = new GeneratorModel(new GeneratorConfig(8, 12, 0f), random);
        var adapter = new PersonalAdapter(12, 4, random);
        var state = model.CreateState();
        float[] logits = new float[V], scratch = new float[adapter.ScratchLength];
        model.Step(1, state, logits);
        float[] before = [.. logits];
        adapter.ApplyShare(state, logits, 1.0, scratch);
        Assert.Equal(before, logits);
    }

    [Fact]
    public void Gradients_MatchFiniteDifferences_ForA_B_And_C_EveryRejectedHandling()
    {
        foreach (var handling in new[] { RejectedHandling.Unlikelihood, RejectedHandling.DownWeighted, RejectedHandling.NoIncrease })
        {
            var random = new TrainingRandom(11);
            var adapter = new PersonalAdapter(6, 3, random);
            WeightInit.Uniform(adapter.Up, 0.8f, random);
            WeightInit.Uniform(adapter.Bias, 0.8f, random);
            const int rows = 4;
            float[] hidden = new float[rows * 6], baseLogits = new float[rows * V];
            for (int i = 0; i < hidden.Length; i++)
            {
                hidden[i] = (random.NextSingle() * 2) - 1;
            }

            for (int i = 0; i < baseLogits.Length; i++)
            {
                baseLogits[i] = random.NextGaussian();
            }

            int[] targets = [5, 200, 17, 5];
            float[] weights = [1f, 0.1f, 1f, 0.1f];
            bool[] rejected = [false, true, false, true];
            // Make one rejected target likely so the unlikelihood term's gradient is not tiny.
            baseLogits[(1 * V) + 200] = 4f;

            double Loss()
            {
                float[] z = new float[rows * V], g = new float[rows * V];
                adapter.Forward(hidden, z);
                for (int i = 0; i < z.Length; i++)
                {
                    z[i] += baseLogits[i];
                }

                return AdapterLoss.Compute(z, targets, weights, rejected, handling, baseLogits, g);
            }

            foreach (var p in adapter.Parameters)
            {
                p.ZeroGradient();
            }

            float[] logits = new float[rows * V], grad = new float[rows * V];
            adapter.Forward(hidden, logits);
            for (int i = 0; i < logits.Length; i++)
            {
                logits[i] += baseLogits[i];
            }

            AdapterLoss.Compute(logits, targets, weights, rejected, handling, baseLogits, grad);
            adapter.Backward(grad);

            int checkedCount = 0;
            foreach (var p in adapter.Parameters)
            {
                for (int i = 0; i < p.Length; i += Math.Max(1, p.Length / 40))
                {
                    float keep = p.Value[i];
                    const float eps = 1e-2f;
                    p.Value[i] = keep + eps;
                    double up = Loss();
                    p.Value[i] = keep - eps;
                    double down = Loss();
                    p.Value[i] = keep;
                    double numeric = (up - down) / (2 * eps);
                    Assert.True(Math.Abs(numeric - p.Gradient[i]) <= 1e-3 + (0.03 * Math.Abs(numeric)),
                        $"{handling} {p.Name}[{i}]: analytic {p.Gradient[i]:G6}, numeric {numeric:G6}");
                    checkedCount++;
                }
            }

            Assert.True(checkedCount > 60);
            Assert.Contains(adapter.Down.Gradient, g => Math.Abs(g) > 1e-4);
        }
    }

    [Fact]
    public void ApplyShareOne_EqualsTrainingPath_BaseLogitsPlusDelta()
    {
        var (model, adapter) = SmallPair();
        ushort[] tokens = [1, 166, 66, 137, 201, 170, 70, 140, 199, 166, 62];
        var features = AdapterFeatures.Extract(model, [new LoggedSequence(1, SequenceOutcome.Accepted, 3, 1, tokens)], chunk: 512, maxRows: 1000);
        var state = model.CreateState();
        state.SetContext(3, 1);
        float[] logits = new float[V], scratch = new float[adapter.ScratchLength], delta = new float[V];
        for (int t = 0; t < tokens.Length - 1; t++)
        {
            model.Step(tokens[t], state, logits);
            adapter.ApplyShare(state, logits, 1.0, scratch);
            adapter.Delta(features.Hidden.AsSpan(t * 12, 12), delta, new float[4]);
            for (int i = 0; i < V; i++)
            {
                float expected = features.BaseLogits[(t * V) + i] + delta[i];
                Assert.True(Math.Abs(expected - logits[i]) <= 1e-4f, $"step {t} token {i}: step {logits[i]}, training path {expected}");
            }
        }
    }

    [Theory]
    [InlineData(0.2)]
    [InlineData(0.1)]
    [InlineData(0.0013)]
    public void Apply_Gamma_IsTheNormalisedSeedMixture(double gamma)
    {
        var (model, adapter) = SmallPair();
        var state = model.CreateState();
        float[] logits = new float[V], scratch = new float[adapter.ScratchLength];
        model.Step(1, state, logits);
        model.Step(166, state, logits);
        float[] baseLogits = [.. logits], personal = [.. logits];
        adapter.ApplyShare(state, personal, 1.0, scratch);
        adapter.Apply(state, logits, gamma, scratch);

        double s = gamma / (0.8 + gamma);
        double[] pb = SoftmaxD(baseLogits), pp = SoftmaxD(personal), mix = new double[V];
        double sum = 0;
        for (int i = 0; i < V; i++)
        {
            mix[i] = Math.Exp(logits[i]);
            sum += mix[i];
        }

        Assert.Equal(1.0, sum, 5);
        for (int i = 0; i < V; i++)
        {
            double expected = ((1 - s) * pb[i]) + (s * pp[i]);
            Assert.True(Math.Abs(mix[i] - expected) <= 1e-6 + (1e-4 * expected), $"token {i}: {mix[i]} vs {expected}");
        }
    }

    [Fact]
    public void Apply_GammaZero_LeavesTheLogitsAlone()
    {
        var (model, adapter) = SmallPair();
        var state = model.CreateState();
        float[] logits = new float[V], scratch = new float[adapter.ScratchLength];
        model.Step(1, state, logits);
        float[] before = [.. logits];
        adapter.Apply(state, logits, 0, scratch);
        Assert.Equal(before, logits);
    }

    [Fact]
    public void StepPlusApply_AllocatesNothing_Fp32AndInt8()
    {
        var (model, adapter) = SmallPair();
        var int8 = model.Quantize();
        foreach (var m in new[] { model, int8 })
        {
            var state = m.CreateState();
            float[] logits = new float[V], scratch = new float[adapter.ScratchLength];
            int token = 1;
            long bytes = AllocationProbe.MinAllocatedBytes(() =>
            {
                m.Step(token, state, logits);
                adapter.Apply(state, logits, 0.15, scratch);
                token = token == 1 ? 166 : 1;
            }, calls: 200);
            Assert.Equal(0, bytes);
        }
    }

    [Fact]
    public void Apply_BadArguments_SayWhat()
    {
        var (model, adapter) = SmallPair();
        var other = new GeneratorModel(new GeneratorConfig(8, 16, 0f), new TrainingRandom(1));
        float[] logits = new float[V], scratch = new float[adapter.ScratchLength];
        var ex = Assert.Throws<ArgumentException>(() => adapter.Apply(other.CreateState(), logits, 0.1, scratch));
        Assert.Contains("H = 16", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => adapter.Apply(model.CreateState(), logits, 0.1, new float[3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => adapter.Apply(model.CreateState(), logits, -0.1, scratch));
        Assert.Throws<ArgumentOutOfRangeException>(() => adapter.ApplyShare(model.CreateState(), logits, 1.5, scratch));
    }

    [Fact]
    public void SaveLoad_RoundTrip_SameWeights()
    {
        var (model, adapter) = SmallPair();
        string path = Path.Combine(_dir, "me.nmm");
        adapter.Save(path, model);
        var loaded = PersonalAdapter.Load(path, model);
        Assert.Equal(adapter.Rank, loaded.Rank);
        for (int i = 0; i < adapter.Parameters.Count; i++)
        {
            Assert.Equal(adapter.Parameters[i].Value, loaded.Parameters[i].Value);
        }

        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public void Load_OnAnotherGenerator_ThrowsMismatchNamingWhat()
    {
        var (model, adapter) = SmallPair();
        string path = Path.Combine(_dir, "me.nmm");
        adapter.Save(path, model);

        var sameSizeOtherWeights = new GeneratorModel(new GeneratorConfig(8, 12, 0f), new TrainingRandom(99));
        var weights = Assert.Throws<AdapterBaseMismatchException>(() => PersonalAdapter.Load(path, sameSizeOtherWeights));
        Assert.Equal("base model weights", weights.What);
        Assert.Contains(PersonalAdapter.FingerprintOf(model), weights.Message, StringComparison.Ordinal);
        Assert.Contains(PersonalAdapter.FingerprintOf(sameSizeOtherWeights), weights.Message, StringComparison.Ordinal);

        var otherSize = new GeneratorModel(new GeneratorConfig(8, 16, 0f), new TrainingRandom(3));
        var size = Assert.Throws<AdapterBaseMismatchException>(() => PersonalAdapter.Load(path, otherSize));
        Assert.Equal("base model size", size.What);
        Assert.Contains("E = 8, H = 12", size.Message, StringComparison.Ordinal);
        Assert.Contains("E = 8, H = 16", size.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NotAnAdapterOrOtherVersion_ThrowsModelFormatException()
    {
        var (model, adapter) = SmallPair();
        string generatorPath = Path.Combine(_dir, "gen.nmm");
        model.Save(generatorPath);
        var ex = Assert.Throws<ModelFormatException>(() => PersonalAdapter.Load(generatorPath, model));
        Assert.Contains("not a personal adapter", ex.Message, StringComparison.Ordinal);

        var file = adapter.ToModelFile(model);
        file.Metadata.Hyperparameters["adapter_version"] = 2;
        var version = Assert.Throws<ModelFormatException>(() => PersonalAdapter.FromModelFile(file, model));
        Assert.Contains("unsupported adapter version 2", version.Message, StringComparison.Ordinal);
    }

    private static double[] SoftmaxD(float[] z)
    {
        double max = z.Max(), sum = 0;
        double[] p = new double[z.Length];
        for (int i = 0; i < z.Length; i++)
        {
            p[i] = Math.Exp(z[i] - max);
            sum += p[i];
        }

        for (int i = 0; i < z.Length; i++)
        {
            p[i] /= sum;
        }

        return p;
    }
}
