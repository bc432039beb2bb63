using System.Runtime.CompilerServices;

namespace NomadMuse.Core.Kernels;

/// <summary>
/// INT8 matrix–vector product <c>y = dequant(Wq·xq) + bias</c>: exact int32 dot products of int8 weights
/// (<see cref="QuantizedMatrix"/>) and int8 activations (<see cref="QuantizedVector"/>), then
/// <c>y[r] = acc[r] · (Scales[r] · x.Scale) + bias[r]</c> in fp32.
/// </summary>
/// <remarks>
/// <para>Allocates nothing, takes no lock, starts no thread: any thread may call it, including real-time ones;
/// concurrent calls are safe when they use different <see cref="QuantizedVector"/> buffers and outputs.</para>
/// <para>Error against the fp32 product (see docs/kernels.md for the derivation): with <c>s_w = Scales[r]</c>,
/// <c>s_x = x.Scale</c>, <c>|y[r] − Σ W[r,k]·x[k] − bias[r]| ≤ (s_x/2)·Σ|W[r,k]| + (s_w/2)·Σ|x[k]| + K·s_w·s_x/4</c>,
/// plus fp32 rounding of the final scaling.</para>
/// <para>Instruction set, best first: AVX-VNNI (VPDPBUSD, .NET 9+ on CPUs that report AVX-VNNI), AVX-512BW,
/// AVX2, SSSE3, scalar. .NET 8 and 10 expose no 512-bit VNNI intrinsic, so AVX-512 CPUs without AVX-VNNI use the
/// AVX-512BW sequence. Every path produces identical integers.</para>
/// </remarks>
public static class Int8Gemv
{
    /// <summary>Computes <c>y = dequant(W·x) + bias</c> (or adds it to <c>y</c>) from already quantised activations.</summary>
    /// <param name="weights">The quantised weight matrix.</param>
    /// <param name="x">The quantised activations; its length must equal <see cref="QuantizedMatrix.Columns"/>.</param>
    /// <param name="bias">Empty for none, else at least <see cref="QuantizedMatrix.Rows"/> elements.</param>
    /// <param name="y">The output, at least <see cref="QuantizedMatrix.Rows"/> elements.</param>
    /// <param name="accumulate">Add to <paramref name="y"/> instead of overwriting it.</param>
    /// <exception cref="ArgumentNullException"><paramref name="weights"/> or <paramref name="x"/> is null.</exception>
    /// <exception cref="ArgumentException">A length does not match, or <paramref name="y"/> overlaps <paramref name="bias"/>.</exception>
    public static void Multiply(QuantizedMatrix weights, QuantizedVector x, ReadOnlySpan<float> bias, Span<float> y, bool accumulate = false) =>
        MultiplyWithPath(weights, x, bias, y, accumulate, Int8Paths.Best);

    /// <summary>Quantises <paramref name="x"/> into <paramref name="scratch"/> and computes <c>y = dequant(W·x) + bias</c>.</summary>
    /// <param name="weights">The quantised weight matrix.</param>
    /// <param name="x">fp32 activations, <see cref="QuantizedMatrix.Columns"/> finite values.</param>
    /// <param name="scratch">A buffer of the same length, owned by the calling thread; it holds the quantised x afterwards.</param>
    /// <param name="bias">Empty for none, else at least <see cref="QuantizedMatrix.Rows"/> elements.</param>
    /// <param name="y">The output, at least <see cref="QuantizedMatrix.Rows"/> elements.</param>
    /// <param name="accumulate">Add to <paramref name="y"/> instead of overwriting it.</param>
    /// <exception cref="ArgumentNullException"><paramref name="weights"/> or <paramref name="scratch"/> is null.</exception>
    /// <exception cref="ArgumentException">A length does not match, x holds a non-finite value, or y overlaps an input.</exception>
    public static void Multiply(
        QuantizedMatrix weights, ReadOnlySpan<float> x, QuantizedVector scratch, ReadOnlySpan<float> bias, Span<float> y, bool accumulate = false)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        scratch.Quantize(x);
        MultiplyWithPath(weights, scratch, bias, y, accumulate, Int8Paths.Best);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void MultiplyWithPath(QuantizedMatrix weights, QuantizedVector x, ReadOnlySpan<float> bias, Span<float> y, bool accumulate, Int8Path path)
    {
        Validate(weights, x, path);
        int rows = weights.Rows;
        KernelGuard.OptionalLength(bias.Length, rows, nameof(bias));
        KernelGuard.Length(y.Length, rows, nameof(y));
        KernelGuard.NoOverlap(bias, y[..rows], nameof(bias), nameof(y));

        ReadOnlySpan<float> scales = weights.PaddedScales;
        float xScale = x.Scale;
        bool hasBias = !bias.IsEmpty;
        Span<int> acc = stackalloc int[QuantizedMatrix.PanelRows];
        for (int p = 0; p < weights.Panels; p++)
        {
            Int8Kernels.Panel(weights, x, p, path, acc);
            int r0 = p * QuantizedMatrix.PanelRows;
            int count = Math.Min(QuantizedMatrix.PanelRows, rows - r0);
            for (int i = 0; i < count; i++)
            {
                int r = r0 + i;
                float v = acc[i] * (scales[r] * xScale);
                if (hasBias)
                {
                    v += bias[r];
                }

                y[r] = accumulate ? y[r] + v : v;
            }
        }
    }

    /// <summary>The exact int32 dot products <c>Σ_k q[r, k]·x[k]</c> for every row (tests and diagnostics).</summary>
    internal static void ComputeAccumulators(QuantizedMatrix weights, QuantizedVector x, Span<int> result, Int8Path path)
    {
        Validate(weights, x, path);
        KernelGuard.Length(result.Length, weights.Rows, nameof(result));
        Span<int> acc = stackalloc int[QuantizedMatrix.PanelRows];
        for (int p = 0; p < weights.Panels; p++)
        {
            Int8Kernels.Panel(weights, x, p, path, acc);
            int r0 = p * QuantizedMatrix.PanelRows;
            int count = Math.Min(QuantizedMatrix.PanelRows, weights.Rows - r0);
            acc[..count].CopyTo(result[r0..]);
        }
    }

    private static void Validate(QuantizedMatrix weights, QuantizedVector x, Int8Path path)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(x);
        if (x.Length != weights.Columns)
        {
            throw new ArgumentException($"'{nameof(x)}' holds {x.Length} elements but the matrix has {weights.Columns} columns.", nameof(x));
        }

        if (!Int8Paths.IsSupported(path))
        {
            throw new PlatformNotSupportedException($"The INT8 path {path} is not supported by this CPU or runtime.");
        }
    }
}
