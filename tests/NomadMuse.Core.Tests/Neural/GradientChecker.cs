using NomadMuse.Core.Training;

namespace NomadMuse.Core.Tests.Neural;

/// <summary>Central finite differences against analytic gradients, on a random subset of elements.</summary>
internal static class GradientChecker
{
    public const double Epsilon = 1e-3;
    public const double RelativeTolerance = 1e-2;

    // Float forward passes make the numeric derivative noisy by roughly 1e-7·|L|/ε; the absolute floor covers it.
    public const double AbsoluteTolerance = 2e-3;

    /// <summary>Checks <paramref name="analytic"/> = dL/d<paramref name="values"/> where L = <paramref name="loss"/>().</summary>
    public static void Check(string what, float[] values, ReadOnlySpan<float> analytic, Func<double> loss, int samples = 24, int seed = 7, bool requireSignal = true)
    {
        Assert.Equal(values.Length, analytic.Length);
        var rng = new Random(seed);
        int n = Math.Min(samples, values.Length);
        int[] indices = samples >= values.Length
            ? Enumerable.Range(0, values.Length).ToArray()
            : Enumerable.Range(0, n).Select(_ => rng.Next(values.Length)).ToArray();
        double largest = 0;
        foreach (int i in indices)
        {
            float saved = values[i];
            values[i] = (float)(saved + Epsilon);
            double plus = loss();
            values[i] = (float)(saved - Epsilon);
            double minus = loss();
            values[i] = saved;
            double numeric = (plus - minus) / (2 * Epsilon);
            double a = analytic[i];
            largest = Math.Max(largest, Math.Abs(numeric));
            double tolerance = AbsoluteTolerance + RelativeTolerance * Math.Max(Math.Abs(a), Math.Abs(numeric));
            Assert.True(Math.Abs(a - numeric) <= tolerance, $"{what}[{i}]: analytic {a:G6} vs numeric {numeric:G6}");
        }

        // A check of zeros against zeros proves nothing: the sampled gradients must carry signal.
        Assert.True(!requireSignal || largest > 1e-2, $"{what}: sampled gradients are all ~0 ({largest:G3}); the check would be vacuous.");
    }

    /// <summary>Checks every parameter of <paramref name="model"/>, skipping ones named in <paramref name="skip"/>.</summary>
    public static void CheckParameters(ITrainable model, Func<double> loss, params string[] skip)
    {
        foreach (Parameter p in model.Parameters)
        {
            if (!skip.Contains(p.Name))
            {
                Check(p.Name, p.Value, p.Gradient, loss);
            }
        }
    }

    public static float[] Random(int length, int seed, float scale = 1f)
    {
        var rng = new Random(seed);
        var a = new float[length];
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = (float)((rng.NextDouble() * 2 - 1) * scale);
        }

        return a;
    }

    /// <summary>L = Σ c_i y_i in double: a projection whose gradient dL/dy is just c.</summary>
    public static double Project(ReadOnlySpan<float> y, ReadOnlySpan<float> c)
    {
        double s = 0;
        for (int i = 0; i < y.Length; i++)
        {
            s += (double)y[i] * c[i];
        }

        return s;
    }

    public static void ZeroGradients(ITrainable model)
    {
        foreach (Parameter p in model.Parameters)
        {
            p.ZeroGradient();
        }
    }
}
