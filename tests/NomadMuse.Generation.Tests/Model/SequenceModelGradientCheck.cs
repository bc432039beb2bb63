using NomadMuse.Generation.Model;

namespace NomadMuse.Generation.Tests.Model;

/// <summary>
/// The whole-model gradient check both generator architectures run: the loss L = Σ w·logits with random w over a
/// fixed two-track batch, Backward's gradient against central differences at three random entries per parameter.
/// </summary>
internal static class SequenceModelGradientCheck
{
    public const int Steps = 6, Batch = 2;
    private const int V = 258;

    // Two columns with different contexts; token 0 (PAD) appears so that its embedding row must stay untouched.
    private static readonly int[] Tokens = [1, 1, 60, 200, 135, 7, 170, 250, 60, 64, 0, 190];
    private static readonly int[] Instruments = [3, 10];
    private static readonly int[] Types = [2, 1];

    /// <summary>Runs the check and returns how many entries were compared.</summary>
    /// <param name="model">The model; its parameters may be perturbed beforehand by the caller.</param>
    /// <param name="rnd">The draws of w and of the probed entries.</param>
    /// <param name="embeddingSize">Width of <c>embedding.weight</c> rows (probes go to the used row of token 60).</param>
    /// <param name="step">Finite-difference step.</param>
    /// <param name="skip">Parameters whose gradient is exactly zero by construction (not probed).</param>
    public static int Run(ISequenceModel model, Random rnd, int embeddingSize, float step, Func<string, bool>? skip = null)
    {
        float[] weights = new float[Steps * Batch * V];
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = (float)((rnd.NextDouble() * 2) - 1);
        }

        float[] logits = new float[weights.Length];
        double Loss()
        {
            model.Forward(Tokens, Steps, Batch, Instruments, Types, logits, training: false);
            double sum = 0;
            for (int i = 0; i < logits.Length; i++)
            {
                sum += (double)weights[i] * logits[i];
            }

            return sum;
        }

        foreach (var p in model.Parameters)
        {
            p.ZeroGradient();
        }

        Loss();
        model.Backward(weights);
        int checkedCount = 0;
        foreach (var p in model.Parameters)
        {
            for (int probe = 0; probe < 3; probe++)
            {
                int i = rnd.Next(p.Value.Length);
                if (skip?.Invoke(p.Name) == true)
                {
                    continue;
                }

                if (p.Name.EndsWith("relative_bias", StringComparison.Ordinal))
                {
                    i = 64 - rnd.Next(6); // the half of the relative bias a 6-step window reads
                }

                if (p.Name == "embedding.weight")
                {
                    i = (60 * embeddingSize) + rnd.Next(embeddingSize); // a row that is used
                }

                float saved = p.Value[i];
                p.Value[i] = saved + step;
                double up = Loss();
                p.Value[i] = saved - step;
                double down = Loss();
                p.Value[i] = saved;
                double numeric = (up - down) / (2 * step);
                double analytic = p.Gradient[i];
                Assert.True(Math.Abs(numeric - analytic) <= 2e-2 * Math.Max(1, Math.Abs(numeric)),
                    $"{p.Name}[{i}]: numeric {numeric}, analytic {analytic}");
                checkedCount++;
            }
        }

        // PAD's row is never read, so nothing may flow into it.
        Assert.All(model.Parameters.First(p => p.Name == "embedding.weight").Gradient.AsSpan(0, embeddingSize).ToArray(), g => Assert.Equal(0f, g));
        return checkedCount;
    }
}
