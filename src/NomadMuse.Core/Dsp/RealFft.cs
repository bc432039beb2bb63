using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
        Deinterleave(input, xr, xi);

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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Unpack(ReadOnlySpan<float> zr, ReadOnlySpan<float> zi, Span<float> output)
    {
        int half = _half;
        ref float r = ref MemoryMarshal.GetReference(zr);
        ref float i = ref MemoryMarshal.GetReference(zi);
        ref float o = ref MemoryMarshal.GetReference(output);
        ref float cos = ref MemoryMarshal.GetArrayDataReference(_unpackCos);
        ref float sin = ref MemoryMarshal.GetArrayDataReference(_unpackSin);
        o = r + i;
        Unsafe.Add(ref o, 1) = 0f;
        Unsafe.Add(ref o, 2 * half) = r - i;
        Unsafe.Add(ref o, (2 * half) + 1) = 0f;
        for (int k = 1; k < half; k++)
        {
            float ar = Unsafe.Add(ref r, k), ai = Unsafe.Add(ref i, k);
            float br = Unsafe.Add(ref r, half - k), bi = -Unsafe.Add(ref i, half - k);
            float er = 0.5f * (ar + br), ei = 0.5f * (ai + bi);
            float odR = 0.5f * (ai - bi), odI = -0.5f * (ar - br);
            float c = Unsafe.Add(ref cos, k), s = Unsafe.Add(ref sin, k);
            Unsafe.Add(ref o, 2 * k) = er + (c * odR) + (s * odI);
            Unsafe.Add(ref o, (2 * k) + 1) = ei + (c * odI) - (s * odR);
        }
    }

    /// <summary>Splits even samples into the real plane and odd samples into the imaginary plane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Deinterleave(ReadOnlySpan<float> input, Span<float> re, Span<float> im)
    {
        ref float src = ref MemoryMarshal.GetReference(input);
        ref float dr = ref MemoryMarshal.GetReference(re);
        ref float di = ref MemoryMarshal.GetReference(im);
        int half = re.Length;
        int k = 0;
        if (Vector256.IsHardwareAccelerated && half >= Vector256<float>.Count)
        {
            Vector256<int> evens = Vector256.Create(0, 2, 4, 6, 1, 3, 5, 7);
            for (; k <= half - Vector256<float>.Count; k += Vector256<float>.Count)
            {
                // Two loads of 8 interleaved samples, each permuted to [4 evens | 4 odds], then recombined.
                Vector256<float> a = Vector256.Shuffle(Vector256.LoadUnsafe(ref src, (nuint)(2 * k)), evens);
                Vector256<float> b = Vector256.Shuffle(Vector256.LoadUnsafe(ref src, (nuint)((2 * k) + 8)), evens);
                Vector256.Create(a.GetLower(), b.GetLower()).StoreUnsafe(ref dr, (nuint)k);
                Vector256.Create(a.GetUpper(), b.GetUpper()).StoreUnsafe(ref di, (nuint)k);
            }
        }

        for (; k < half; k++)
        {
            Unsafe.Add(ref dr, k) = Unsafe.Add(ref src, 2 * k);
            Unsafe.Add(ref di, k) = Unsafe.Add(ref src, (2 * k) + 1);
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
