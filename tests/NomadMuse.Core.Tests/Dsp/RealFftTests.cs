using NomadMuse.Core.Dsp;

namespace NomadMuse.Core.Tests.Dsp;

public sealed class RealFftTests
{
    public static TheoryData<int> AllSizes()
    {
        var data = new TheoryData<int>();
        for (int n = 2; n <= 4096; n *= 2)
        {
            data.Add(n);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllSizes))]
    public void Forward_RandomInput_MatchesNaiveDoubleDft(int size)
    {
        var rng = new Random(1234 + size);
        float[] x = new float[size];
        for (int i = 0; i < size; i++)
        {
            x[i] = (float)((rng.NextDouble() * 2) - 1);
        }

        var fft = new RealFft(size);
        float[] output = new float[fft.OutputLength];
        fft.Forward(x, output);

        (double[] re, double[] im) = NaiveDft(x);
        double energy = 0;
        foreach (float v in x)
        {
            energy += (double)v * v;
        }

        // Float FFT error grows like ε·log2(N)·rms|X|, and rms|X| = sqrt(Σx²) by Parseval.
        double tolerance = 1e-6 * (1 + Math.Log2(size)) * Math.Sqrt(energy);
        for (int k = 0; k <= size / 2; k++)
        {
            Assert.True(Math.Abs(output[2 * k] - re[k]) <= tolerance, $"N={size} re[{k}]={output[2 * k]} expected {re[k]}");
            Assert.True(Math.Abs(output[(2 * k) + 1] - im[k]) <= tolerance, $"N={size} im[{k}]={output[(2 * k) + 1]} expected {im[k]}");
        }
    }

    [Theory]
    [InlineData(256)]
    [InlineData(4096)]
    [InlineData(8192)]
    public void Forward_RandomInput_SatisfiesParseval(int size)
    {
        var rng = new Random(99);
        float[] x = new float[size];
        double timeEnergy = 0;
        for (int i = 0; i < size; i++)
        {
            x[i] = (float)((rng.NextDouble() * 2) - 1);
            timeEnergy += (double)x[i] * x[i];
        }

        var fft = new RealFft(size);
        float[] spectrum = new float[fft.OutputLength];
        float[] power = new float[fft.BinCount];
        fft.Forward(x, spectrum);
        RealFft.PowerSpectrum(spectrum, power);

        // One-sided: DC and Nyquist once, every other bin stands for itself and its mirror image.
        double freqEnergy = power[0] + power[size / 2];
        for (int k = 1; k < size / 2; k++)
        {
            freqEnergy += 2.0 * power[k];
        }

        Assert.Equal(1.0, freqEnergy / size / timeEnergy, 5);
    }

    [Theory]
    [InlineData(16, 3)]
    [InlineData(1024, 0)]
    [InlineData(4096, 777)]
    public void Forward_Impulse_GivesUnitMagnitudeLinearPhase(int size, int position)
    {
        float[] x = new float[size];
        x[position] = 1f;
        var fft = new RealFft(size);
        float[] output = new float[fft.OutputLength];
        fft.Forward(x, output);
        for (int k = 0; k <= size / 2; k++)
        {
            double angle = -2.0 * Math.PI * k * position / size;
            Assert.Equal(Math.Cos(angle), output[2 * k], 4);
            Assert.Equal(Math.Sin(angle), output[(2 * k) + 1], 4);
        }
    }

    [Theory]
    [InlineData(64, 5)]
    [InlineData(4096, 93)]
    [InlineData(8192, 4095)]
    public void Forward_CosineOnBin_PutsHalfNInThatBinOnly(int size, int bin)
    {
        float[] x = new float[size];
        for (int n = 0; n < size; n++)
        {
            x[n] = (float)Math.Cos(2.0 * Math.PI * bin * n / size);
        }

        var fft = new RealFft(size);
        float[] spectrum = new float[fft.OutputLength];
        float[] power = new float[fft.BinCount];
        fft.Forward(x, spectrum);
        RealFft.PowerSpectrum(spectrum, power);
        Assert.Equal(size / 2.0, spectrum[2 * bin], size * 1e-5);
        for (int k = 0; k <= size / 2; k++)
        {
            if (k != bin)
            {
                Assert.True(power[k] < 1e-6 * power[bin], $"bin {k} leaks {power[k]}");
            }
        }
    }

    [Fact]
    public void Forward_AfterWarmUp_AllocatesNothing()
    {
        var fft = new RealFft(4096);
        float[] x = new float[4096];
        float[] spectrum = new float[fft.OutputLength];
        float[] power = new float[fft.BinCount];
        new Random(5).NextBytes(new byte[1]);
        fft.Forward(x, spectrum);
        RealFft.PowerSpectrum(spectrum, power);
        long bytes = AllocationProbe.MinAllocatedBytes(
            () =>
            {
                fft.Forward(x, spectrum);
                RealFft.PowerSpectrum(spectrum, power);
            },
            calls: 100);

        Assert.Equal(0, bytes);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4095)]
    [InlineData(-4)]
    [InlineData((1 << 24) * 2)]
    public void Constructor_NotPowerOfTwoInRange_Throws(int size)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new RealFft(size));
        Assert.Equal("size", ex.ParamName);
    }

    [Fact]
    public void Forward_WrongLengths_ThrowArgumentException()
    {
        var fft = new RealFft(8);
        Assert.Throws<ArgumentException>(() => fft.Forward(new float[7], new float[10]));
        Assert.Throws<ArgumentException>(() => fft.Forward(new float[8], new float[9]));
        Assert.Throws<ArgumentException>(() => RealFft.PowerSpectrum(new float[5], new float[3]));
        Assert.Throws<ArgumentException>(() => RealFft.PowerSpectrum(new float[6], new float[2]));
    }

    [Fact]
    public void Properties_Size4096_DescribeLayout()
    {
        var fft = new RealFft(4096);
        Assert.Equal(4096, fft.Size);
        Assert.Equal(2049, fft.BinCount);
        Assert.Equal(4098, fft.OutputLength);
    }

    private static (double[] Re, double[] Im) NaiveDft(float[] x)
    {
        int n = x.Length;
        double[] cos = new double[n];
        double[] sin = new double[n];
        for (int i = 0; i < n; i++)
        {
            cos[i] = Math.Cos(2.0 * Math.PI * i / n);
            sin[i] = Math.Sin(2.0 * Math.PI * i / n);
        }

        double[] re = new double[(n / 2) + 1];
        double[] im = new double[(n / 2) + 1];
        for (int k = 0; k <= n / 2; k++)
        {
            double sr = 0, si = 0;
            for (int t = 0; t < n; t++)
            {
                int idx = (int)((long)k * t % n);
                sr += x[t] * cos[idx];
                si -= x[t] * sin[idx];
            }

            re[k] = sr;
            im[k] = si;
        }

        return (re, im);
    }
}
