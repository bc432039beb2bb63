namespace NomadMuse.Core.Tests.Conv;

/// <summary>Central-difference gradient checks against a loss L = Σ output·R with a fixed random R.</summary>
internal static class GradientCheck
{
    public const float Epsilon = 1e-3f;
    public const double RelativeTolerance = 1e-2;

    // Absolute floor: the loss is evaluated in float, so differences of nearly-zero gradients are noise.
    public const double AbsoluteTolerance = 2e-3;

    public static float[] RandomArray(Random random, int length, float scale = 1f)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = ((2f * random.NextSingle()) - 1f) * scale;
        }

        return values;
    }

    public static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += (double)a[i] * b[i];
        }

        return sum;
    }

    /// <summary>
    /// Perturbs <paramref name="samples"/> random elements of <paramref name="values"/> and compares the numeric
    /// derivative of <paramref name="loss"/> with <paramref name="analytic"/>.
    /// </summary>
    /// <param name="skipKinks">
    /// For compositions with ReLU or max pooling: an element whose one-sided differences disagree sits within ε of
    /// a kink, where the central difference is meaningless; it is skipped, but at most a fifth of the samples may be.
    /// </param>
    public static void Check(Func<double> loss, float[] values, ReadOnlySpan<float> analytic, Random random, int samples, string what, bool skipKinks = false)
    {
        Assert.Equal(values.Length, analytic.Length);
        int count = Math.Min(samples, values.Length);
        int[] indices = Enumerable.Range(0, values.Length).OrderBy(_ => random.Next()).Take(count).ToArray();
        int skipped = 0;
        foreach (int i in indices)
        {
            float original = values[i];
            values[i] = original + Epsilon;
            double plus = loss();
            values[i] = original - Epsilon;
            double minus = loss();
            values[i] = original;
            if (skipKinks)
            {
                double center = loss();
                double forward = (plus - center) / Epsilon, backward = (center - minus) / Epsilon;
                if (Math.Abs(forward - backward) > 0.05 + (0.1 * Math.Max(Math.Abs(forward), Math.Abs(backward))))
                {
                    skipped++;
                    continue;
                }
            }

            double numeric = (plus - minus) / (2 * Epsilon);
            double error = Math.Abs(numeric - analytic[i]);
            double allowed = AbsoluteTolerance + (RelativeTolerance * Math.Max(Math.Abs(numeric), Math.Abs(analytic[i])));
            Assert.True(error <= allowed, $"{what}[{i}]: analytic {analytic[i]:G6}, numeric {numeric:G6}, error {error:G3} > {allowed:G3}.");
        }

        Assert.True(skipped * 5 <= count, $"{what}: {skipped} of {count} samples sat on a kink; the check proves too little.");
    }
}
