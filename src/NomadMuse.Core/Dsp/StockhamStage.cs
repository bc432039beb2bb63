namespace NomadMuse.Core.Dsp;

/// <summary>
/// One pass of a Stockham auto-sort complex FFT: sub-transforms of length <see cref="Length"/> taken with stride
/// <see cref="Stride"/>, split by <see cref="Radix"/>, with the twiddle factors of that pass stored contiguously.
/// </summary>
internal sealed class StockhamStage
{
    public StockhamStage(int length, int stride, int radix)
    {
        Length = length;
        Stride = stride;
        Radix = radix;
        int quarter = length / radix;
        int twiddleSets = radix - 1;
        TwiddleRe = new float[twiddleSets * quarter];
        TwiddleIm = new float[twiddleSets * quarter];
        for (int j = 1; j <= twiddleSets; j++)
        {
            for (int p = 0; p < quarter; p++)
            {
                // W_n^(j·p) = exp(−2πi·j·p / n), computed in double so every table entry is correctly rounded.
                double angle = -2.0 * Math.PI * j * p / length;
                TwiddleRe[((j - 1) * quarter) + p] = (float)Math.Cos(angle);
                TwiddleIm[((j - 1) * quarter) + p] = (float)Math.Sin(angle);
            }
        }
    }

    /// <summary>The length <c>n</c> of each sub-transform entering this pass.</summary>
    public int Length { get; }

    /// <summary>The distance <c>s</c> between consecutive elements of one sub-transform (and the number of them).</summary>
    public int Stride { get; }

    /// <summary>2 or 4.</summary>
    public int Radix { get; }

    /// <summary>Real parts of <c>W^(j·p)</c>, blocks of <c>n / radix</c> for <c>j = 1 … radix − 1</c>.</summary>
    public float[] TwiddleRe { get; }

    /// <summary>Imaginary parts, laid out as <see cref="TwiddleRe"/>.</summary>
    public float[] TwiddleIm { get; }
}
