using System.Numerics;
using System.Runtime.CompilerServices;

namespace NomadMuse.Core.Dsp;

/// <summary>
/// A forward FFT of real input for one power-of-two size, with every twiddle factor computed once at construction.
/// </summary>
/// <remarks>
/// <para>
/// The <c>N</c> real samples are packed as <c>N/2</c> complex values (even samples real, odd samples imaginary),
/// transformed by a split-complex Stockham FFT (radix-4 passes, one radix-2 pass when log2(N/2) is odd, SIMD
/// butterflies), and unpacked into the <c>N/2 + 1</c> non-negative-frequency bins. No scaling is applied:
/// <c>X[k] = Σ x[n]·e^(−2πi·kn/N)</c>, as in numpy's <c>rfft</c>.
/// </para>
/// <para>
/// An instance holds work buffers, so one instance must be used by one thread at a time; create one per thread
/// (they are cheap: about <c>6N</c> floats). <see cref="Forward"/> does not allocate.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// var fft = new RealFft(4096);
/// var spectrum = new float[fft.OutputLength];   // re0, im0, re1, im1, … re2048, im2048
/// var power = new float[fft.BinCount];
/// fft.Forward(frame, spectrum);
/// RealFft.PowerSpectrum(spectrum, power);
/// </code>
/// </example>
public sealed class RealFft
{
    /// <summary>The smallest supported size.</summary>
    public const int MinSize = 2;

    /// <summary>The largest supported size (2^24).</summary>
    public const int MaxSize = 1 << 24;

    private readonly int _half;
    private readonly StockhamStage[] _stages;
    private readonly bool _finalRadix2;
    private readonly float[] _re0;
    private readonly float[] _im0;
    private readonly float[] _re1;
    private readonly float[] _im1;
    private readonly float[] _unpackCos;
    private readonly float[] _unpackSin;

    /// <summary>Creates the plan for <paramref name="size"/>-point transforms.</summary>
    /// <param name="size">A power of two from <see cref="MinSize"/> to <see cref="MaxSize"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is not a power of two in range.</exception>
    public RealFft(int size)
    {
        if (size < MinSize || size > MaxSize || !BitOperations.IsPow2(size))
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, $"The FFT size must be a power of two from {MinSize} to {MaxSize}.");
        }

        Size = size;
        _half = size / 2;
        int log2Half = BitOperations.Log2((uint)_half);
        var stages = new List<StockhamStage>();
        int length = _half;
        int stride = 1;
        for (int i = 0; i < log2Half / 2; i++)
        {
            stages.Add(new StockhamStage(length, stride, 4));
            length /= 4;
            stride *= 4;
        }

        _stages = [.. stages];
        _finalRadix2 = (log2Half & 1) == 1;
        _re0 = new float[_half];
        _im0 = new float[_half];
        _re1 = new float[_half];
        _im1 = new float[_half];
        _unpackCos = new float[_half];
        _unpackSin = new float[_half];
        for (int k = 0; k < _half; k++)
        {
            double angle = 2.0 * Math.PI * k / size;
            _unpackCos[k] = (float)Math.Cos(angle);
            _unpackSin[k] = (float)Math.Sin(angle);
        }
    }

    /// <summary>The transform length <c>N</c>.</summary>
    public int Size { get; }

    /// <summary>The number of output bins, <c>N/2 + 1</c> (DC to Nyquist).</summary>
    public int BinCount => _half + 1;

    /// <summary>The number of floats <see cref="Forward"/> writes: <c>N + 2</c> (interleaved re, im per bin).</summary>
    public int OutputLength => Size + 2;

    /// <summary>Computes the spectrum of <paramref name="input"/>.</summary>
    /// <param name="input">Exactly <see cref="Size"/> real samples.</param>
    /// <param name="output">
    /// At least <see cref="OutputLength"/> floats; receives <c>re[0], im[0], re[1], im[1], …, re[N/2], im[N/2]</c>.
    /// <c>im[0]</c> and <c>im[N/2]</c> are zero.
    /// </param>
    /// <exception cref="ArgumentException">A buffer has the wrong length.</exception>
    /// <remarks>Real-time safe: does not allocate or lock. One thread at a time per instance.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Forward(ReadOnlySpan<float> input, Span<float> output)
    {
        if (input.Length != Size)
        {
            ThrowLength(nameof(input), input.Length, Size, "exactly");
        }

        if (output.Length < OutputLength)
        {
            ThrowLength(nameof(output), output.Length, OutputLength, "at least");
        }

        int half = _half;
        Span<float> xr = _re0.AsSpan(0, half);
        Span<float> xi = _im0.AsSpan(0, half);
        Span<float> yr = _re1.AsSpan(0, half);
        Span<float> yi = _im1.AsSpan(0, half);
        for (int k = 0; k < half; k++)
        {
            xr[k] = input[2 * k];
            xi[k] = input[(2 * k) + 1];
        }

        foreach (StockhamStage stage in _stages)
        {
            StockhamKernels.Radix4(stage, xr, xi, yr, yi);
            Swap(ref xr, ref yr);
            Swap(ref xi, ref yi);
        }

        if (_finalRadix2)
        {
            StockhamKernels.Radix2Final(half / 2, xr, xi, yr, yi);
            Swap(ref xr, ref yr);
            Swap(ref xi, ref yi);
        }

        Unpack(xr, xi, output);
    }

    /// <summary>Writes <c>re² + im²</c> for each bin of an interleaved spectrum.</summary>
    /// <param name="spectrum">Interleaved complex bins, as written by <see cref="Forward"/>; an even length.</param>
    /// <param name="power">Receives <c>spectrum.Length / 2</c> values.</param>
    /// <exception cref="ArgumentException">The lengths do not match.</exception>
    /// <remarks>Does not allocate; any thread.</remarks>
    public static void PowerSpectrum(ReadOnlySpan<float> spectrum, Span<float> power)
    {
        if ((spectrum.Length & 1) != 0)
        {
            throw new ArgumentException($"An interleaved spectrum has an even length, got {spectrum.Length}.", nameof(spectrum));
        }

        int bins = spectrum.Length / 2;
        if (power.Length < bins)
        {
            ThrowLength(nameof(power), power.Length, bins, "at least");
        }

        for (int k = 0; k < bins; k++)
        {
            float re = spectrum[2 * k];
            float im = spectrum[(2 * k) + 1];
            power[k] = (re * re) + (im * im);
        }
    }

    /// <summary>
    /// Turns the N/2-point transform <c>Z</c> of the packed signal into the N-point real spectrum:
    /// <c>X[k] = E[k] + W_N^k·O[k]</c> with <c>E = (Z[k] + conj Z[M−k]) / 2</c>, <c>O = (Z[k] − conj Z[M−k]) / 2i</c>.
    /// </summary>
    private void Unpack(ReadOnlySpan<float> zr, ReadOnlySpan<float> zi, Span<float> output)
    {
        int half = _half;
        output[0] = zr[0] + zi[0];
        output[1] = 0f;
        output[2 * half] = zr[0] - zi[0];
        output[(2 * half) + 1] = 0f;
        ReadOnlySpan<float> cos = _unpackCos;
        ReadOnlySpan<float> sin = _unpackSin;
        for (int k = 1; k < half; k++)
        {
            float ar = zr[k], ai = zi[k];
            float br = zr[half - k], bi = -zi[half - k];
            float er = 0.5f * (ar + br), ei = 0.5f * (ai + bi);
            float odR = 0.5f * (ai - bi), odI = -0.5f * (ar - br);
            float c = cos[k], s = sin[k];
            output[2 * k] = er + (c * odR) + (s * odI);
            output[(2 * k) + 1] = ei + (c * odI) - (s * odR);
        }
    }

    private static void Swap(ref Span<float> a, ref Span<float> b)
    {
        Span<float> t = a;
        a = b;
        b = t;
    }

    private static void ThrowLength(string name, int actual, int expected, string relation) =>
        throw new ArgumentException($"'{name}' must hold {relation} {expected} floats, got {actual}.", name);
}
