using NomadMuse.Core.Kernels;

namespace NomadMuse.Core.Tests.Kernels;

/// <summary>Naive double-precision references, rigorous fp32 error bounds and seeded test data.</summary>
internal static class KernelReference
{
    /// <summary>Unit roundoff of float (2⁻²⁴).</summary>
    public const double FloatEpsilon = 1.0 / (1 << 24);

    public static float[] Random(Random rng, int length, float magnitude = 1f)
    {
        var v = new float[length];
        for (int i = 0; i < length; i++)
        {
            v[i] = (float)(((rng.NextDouble() * 2) - 1) * magnitude);
        }

        return v;
    }

    /// <summary>SIMD paths this machine can run (every CI machine runs at least Scalar).</summary>
    /// <remarks>Names rather than the internal enum, since public test methods cannot take internal types.</remarks>
    public static TheoryData<string> SupportedSimdPaths()
    {
        var data = new TheoryData<string>();
        foreach (SimdPath p in Enum.GetValues<SimdPath>())
        {
            if (SimdPaths.IsSupported(p))
            {
                data.Add(p.ToString());
            }
        }

        return data;
    }

    public static SimdPath Simd(string name) => Enum.Parse<SimdPath>(name);

    /// <summary>
    /// Any order of fp32 multiply–adds over k terms differs from the exact dot by at most γ·Σ|aᵢbᵢ| with
    /// γ = k·u/(1 − k·u) (Higham, Accuracy and Stability of Numerical Algorithms, §3.1); a few extra u cover the
    /// bias add and the accumulate add.
    /// </summary>
    public static double Tolerance(int k, double sumOfAbsoluteProducts, double absoluteExtras)
    {
        double ku = (k + 3) * FloatEpsilon;
        return (ku / (1 - ku) * (sumOfAbsoluteProducts + absoluteExtras)) + 1e-30;
    }

    /// <summary>C = op(A)·op(B) in double with the Σ|products| for each element; A(i,p), B(p,j) via the accessors.</summary>
    public static (double[] Value, double[] Magnitude) Gemm(int m, int k, int n, Func<int, int, float> a, Func<int, int, float> b)
    {
        var value = new double[m * n];
        var magnitude = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double s = 0, s2 = 0;
                for (int p = 0; p < k; p++)
                {
                    double t = (double)a(i, p) * b(p, j);
                    s += t;
                    s2 += Math.Abs(t);
                }

                value[(i * n) + j] = s;
                magnitude[(i * n) + j] = s2;
            }
        }

        return (value, magnitude);
    }
}
