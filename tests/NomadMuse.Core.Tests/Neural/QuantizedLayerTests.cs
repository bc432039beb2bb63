using NomadMuse.Core.Kernels;
using NomadMuse.Core.Neural;
using NomadMuse.Core.Training;

namespace NomadMuse.Core.Tests.Neural;

public sealed class QuantizedLayerTests
{
    /// <summary>
    /// One INT8 GRU step against the fp32 step, element by element, within the bound propagated from the kernel
    /// bound (docs/kernels.md) through the gates: |Δr|, |Δz| ≤ ¼(εi + εh) (σ′ ≤ ¼), |Δn| ≤ εi_n + |Δr|(|gh_n| + εh_n) + εh_n
    /// (tanh′ ≤ 1, |r| ≤ 1), |Δh′| ≤ |Δn| + |Δz|·|h − n|, plus 1e-5 for fp32 rounding of the gates.
    /// </summary>
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(7, 5, 2)]
    [InlineData(108, 108, 3)]
    [InlineData(64, 96, 4)]
    public void GruStep_RandomWeights_WithinPropagatedKernelBound(int inputs, int hidden, int seed)
    {
        var gru = new Gru("g", inputs, hidden);
        gru.Initialize(new TrainingRandom((ulong)seed));
        var q = QuantizedGru.Quantize(gru);
        var rnd = new Random(seed);
        float[] x = [.. Enumerable.Range(0, inputs).Select(_ => (float)((rnd.NextDouble() * 4) - 2))];
        float[] h = [.. Enumerable.Range(0, hidden).Select(_ => (float)((rnd.NextDouble() * 2) - 1))];
        float[] hFp = (float[])h.Clone(), hQ = (float[])h.Clone();
        gru.Step(x, hFp, new float[gru.StepScratchLength]);
        q.Step(x, hQ, new float[q.StepScratchLength], new QuantizedVector(inputs), new QuantizedVector(hidden));

        double[] gi = Project(gru.InputWeight.Value, gru.InputBias.Value, x, 3 * hidden);
        double[] gh = Project(gru.HiddenWeight.Value, gru.HiddenBias.Value, h, 3 * hidden);
        double[] ei = KernelBound(gru.InputWeight.Value, q.InputWeight.Scales, x, 3 * hidden);
        double[] eh = KernelBound(gru.HiddenWeight.Value, q.HiddenWeight.Scales, h, 3 * hidden);
        double worst = 0;
        for (int j = 0; j < hidden; j++)
        {
            double r = Sigmoid(gi[j] + gh[j]), z = Sigmoid(gi[hidden + j] + gh[hidden + j]);
            double n = Math.Tanh(gi[(2 * hidden) + j] + (r * gh[(2 * hidden) + j]));
            double dr = 0.25 * (ei[j] + eh[j]), dz = 0.25 * (ei[hidden + j] + eh[hidden + j]);
            double dn = ei[(2 * hidden) + j] + (dr * (Math.Abs(gh[(2 * hidden) + j]) + eh[(2 * hidden) + j])) + eh[(2 * hidden) + j];
            double bound = dn + (dz * Math.Abs(h[j] - n)) + 1e-5;
            double error = Math.Abs(hQ[j] - hFp[j]);
            Assert.True(error <= bound, $"h[{j}]: |Δ| {error} > bound {bound}");
            worst = Math.Max(worst, bound);
        }

        Assert.True(worst < 0.5, $"the bound {worst} is too loose to mean anything"); // worst case grows like K; typical errors like √K
    }

    [Fact]
    public void AttentionStep_PastTheWindow_CloseToFp32AndSameRingPositions()
    {
        const int D = 40, d = 16, W = 5;
        var fp32 = new LocalSelfAttention("a", D, d, W);
        fp32.Initialize(new TrainingRandom(11));
        var rnd = new Random(12);
        for (int i = 0; i < fp32.RelativeBias.Value.Length; i++)
        {
            fp32.RelativeBias.Value[i] = (float)(rnd.NextDouble() - 0.5);
        }

        var q = QuantizedLocalSelfAttention.Quantize(fp32);
        var c1 = fp32.CreateCache();
        var c2 = fp32.CreateCache();
        float[] y1 = new float[D], y2 = new float[D];
        float[] s1 = new float[fp32.StepScratchLength], s2 = new float[q.StepScratchLength];
        var qx = new QuantizedVector(D);
        var qc = new QuantizedVector(d);
        double worst = 0, scale = 0;
        for (int t = 0; t < (3 * W) + 7; t++)
        {
            float[] x = [.. Enumerable.Range(0, D).Select(_ => (float)((rnd.NextDouble() * 2) - 1))];
            fp32.Step(x, c1, y1, s1);
            q.Step(x, c2, y2, s2, qx, qc);
            Assert.Equal(c1.Position, c2.Position);
            for (int i = 0; i < D; i++)
            {
                worst = Math.Max(worst, Math.Abs(y1[i] - y2[i]));
                scale = Math.Max(scale, Math.Abs(y1[i]));
            }
        }

        // Two chained INT8 products (projections, then output): a few quantisation steps of the output's size.
        Assert.True(worst <= 0.03 * scale, $"max |Δ| {worst} vs max |y| {scale}");
        Assert.True(worst > 0);
    }

    [Fact]
    public void Steps_AfterWarmup_AllocateNothing()
    {
        var gru = new Gru("g", 32, 48);
        gru.Initialize(new TrainingRandom(13));
        var qg = QuantizedGru.Quantize(gru);
        var att = new LocalSelfAttention("a", 48, 64, 32);
        att.Initialize(new TrainingRandom(14));
        var qa = QuantizedLocalSelfAttention.Quantize(att);
        var cache = att.CreateCache();
        float[] x = [.. Enumerable.Range(0, 32).Select(i => MathF.Sin(i))];
        float[] h = new float[48], y = new float[48], sg = new float[qg.StepScratchLength], sa = new float[qa.StepScratchLength];
        var q32 = new QuantizedVector(32);
        var q48 = new QuantizedVector(48);
        var q64 = new QuantizedVector(64);
        void Run()
        {
            for (int i = 0; i < 50; i++)
            {
                qg.Step(x, h, sg, q32, q48);
                qa.Step(h, cache, y, sa, q48, q64);
            }
        }

        Assert.Equal(0, AllocationProbe.MinAllocatedBytes(Run, calls: 1, warmUpCalls: 1));
    }

    [Fact]
    public void Constructors_MismatchedShapes_Throw()
    {
        var a = QuantizedMatrix.Quantize(new float[12], 6, 2);
        var b = QuantizedMatrix.Quantize(new float[6 * 3], 6, 3);
        Assert.Throws<ArgumentException>(() => new QuantizedGru(a, b, new float[6], new float[6])); // W_hh must be [3H × H] = [6 × 2]
        var gru = new QuantizedGru(b, a, new float[6], new float[6]);
        Assert.Throws<ArgumentException>(() => gru.Step(new float[2], new float[2], new float[12], new QuantizedVector(3), new QuantizedVector(2)));
        var m = QuantizedMatrix.Quantize(new float[4 * 8], 4, 8);
        var o = QuantizedMatrix.Quantize(new float[8 * 4], 8, 4);
        Assert.Throws<ArgumentOutOfRangeException>(() => new QuantizedLocalSelfAttention(m, m, m, o, new float[4], new float[4], new float[4], new float[8], new float[129], 0));
        Assert.Throws<ArgumentException>(() => new QuantizedLocalSelfAttention(m, m, m, m, new float[4], new float[4], new float[4], new float[8], new float[129], 3));
    }

    private static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));

    private static double[] Project(float[] w, float[] b, float[] x, int rows)
    {
        var y = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            double s = b[r];
            for (int k = 0; k < x.Length; k++)
            {
                s += (double)w[(r * x.Length) + k] * x[k];
            }

            y[r] = s;
        }

        return y;
    }

    // docs/kernels.md: (s_x/2)Σ|W| + (s_w/2)Σ|x| + K·s_w·s_x/4, plus four fp32 roundings of the final scaling.
    private static double[] KernelBound(float[] w, ReadOnlySpan<float> scales, float[] x, int rows)
    {
        int k = x.Length;
        double sx = x.Max(Math.Abs) / 127.0, sumX = x.Sum(v => Math.Abs((double)v));
        var e = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            double sumW = 0, sumWx = 0;
            for (int c = 0; c < k; c++)
            {
                sumW += Math.Abs(w[(r * k) + c]);
                sumWx += Math.Abs((double)w[(r * k) + c] * x[c]);
            }

            e[r] = (sx / 2 * sumW) + (scales[r] / 2.0 * sumX) + (k * scales[r] * sx / 4) + (4 * Math.Pow(2, -24) * (sumWx + 1));
        }

        return e;
    }
}
