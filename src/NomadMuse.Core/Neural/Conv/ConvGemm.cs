using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NomadMuse.Core.Neural.Conv;

/// <summary>
/// Small row-major single-precision matrix products used by the convolution layers (im2col + GEMM).
/// </summary>
/// <remarks>
/// A local stand-in until the optimized kernels of <c>NomadMuse.Core.Kernels</c> are swapped in; every product
/// accumulates into the destination (<c>C += …</c>) so bias initialisation and gradient accumulation need no
/// extra pass. Allocation-free and thread-safe (no shared state).
/// </remarks>
internal static class ConvGemm
{
    /// <summary>C[m×n] += A[m×k] · B[k×n].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyAdd(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n)
    {
        CheckLengths(a.Length, (long)m * k, b.Length, (long)k * n, c.Length, (long)m * n);
        if (m == 0 || n == 0 || k == 0)
        {
            return;
        }

        int i = 0;
        for (; i + 4 <= m; i += 4)
        {
            FourRows(a, b, c, i, k, n);
        }

        for (; i < m; i++)
        {
            Span<float> cRow = c.Slice(i * n, n);
            for (int p = 0; p < k; p++)
            {
                TensorPrimitives.MultiplyAdd(b.Slice(p * n, n), a[(i * k) + p], cRow, cRow);
            }
        }
    }

    /// <summary>C[m×n] += A[m×k] · Bᵀ, where B is stored [n×k].</summary>
    public static void MultiplyAddTransposedB(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n)
    {
        CheckLengths(a.Length, (long)m * k, b.Length, (long)n * k, c.Length, (long)m * n);
        for (int i = 0; i < m; i++)
        {
            ReadOnlySpan<float> aRow = a.Slice(i * k, k);
            Span<float> cRow = c.Slice(i * n, n);
            for (int j = 0; j < n; j++)
            {
                cRow[j] += TensorPrimitives.Dot(aRow, b.Slice(j * k, k));
            }
        }
    }

    /// <summary>C[m×n] += Aᵀ · B, where A is stored [k×m] and B is [k×n].</summary>
    public static void MultiplyAddTransposedA(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n)
    {
        CheckLengths(a.Length, (long)k * m, b.Length, (long)k * n, c.Length, (long)m * n);
        for (int p = 0; p < k; p++)
        {
            ReadOnlySpan<float> bRow = b.Slice(p * n, n);
            for (int i = 0; i < m; i++)
            {
                float scale = a[(p * m) + i];
                if (scale != 0f)
                {
                    Span<float> cRow = c.Slice(i * n, n);
                    TensorPrimitives.MultiplyAdd(bRow, scale, cRow, cRow);
                }
            }
        }
    }

    // Four rows of C at a time: each B vector loaded once feeds four accumulators (register blocking).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FourRows(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int i, int k, int n)
    {
        ref float aRef = ref MemoryMarshal.GetReference(a);
        ref float bRef = ref MemoryMarshal.GetReference(b);
        ref float cRef = ref MemoryMarshal.GetReference(c);
        int a0 = i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
        int c0 = i * n, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n;
        int j = 0;

        if (Vector512.IsHardwareAccelerated)
        {
            // Two vectors per row: eight independent accumulators hide the multiply-add latency.
            for (; j + (2 * Vector512<float>.Count) <= n; j += 2 * Vector512<float>.Count)
            {
                int j2 = j + Vector512<float>.Count;
                Vector512<float> s0 = Vector512.LoadUnsafe(ref cRef, (nuint)(c0 + j));
                Vector512<float> s1 = Vector512.LoadUnsafe(ref cRef, (nuint)(c1 + j));
                Vector512<float> s2 = Vector512.LoadUnsafe(ref cRef, (nuint)(c2 + j));
                Vector512<float> s3 = Vector512.LoadUnsafe(ref cRef, (nuint)(c3 + j));
                Vector512<float> t0 = Vector512.LoadUnsafe(ref cRef, (nuint)(c0 + j2));
                Vector512<float> t1 = Vector512.LoadUnsafe(ref cRef, (nuint)(c1 + j2));
                Vector512<float> t2 = Vector512.LoadUnsafe(ref cRef, (nuint)(c2 + j2));
                Vector512<float> t3 = Vector512.LoadUnsafe(ref cRef, (nuint)(c3 + j2));
                for (int p = 0; p < k; p++)
                {
                    Vector512<float> bv = Vector512.LoadUnsafe(ref bRef, (nuint)((p * n) + j));
                    Vector512<float> bw = Vector512.LoadUnsafe(ref bRef, (nuint)((p * n) + j2));
                    Vector512<float> x0 = Vector512.Create(Unsafe.Add(ref aRef, a0 + p));
                    Vector512<float> x1 = Vector512.Create(Unsafe.Add(ref aRef, a1 + p));
                    Vector512<float> x2 = Vector512.Create(Unsafe.Add(ref aRef, a2 + p));
                    Vector512<float> x3 = Vector512.Create(Unsafe.Add(ref aRef, a3 + p));
                    s0 = MulAdd(x0, bv, s0);
                    s1 = MulAdd(x1, bv, s1);
                    s2 = MulAdd(x2, bv, s2);
                    s3 = MulAdd(x3, bv, s3);
                    t0 = MulAdd(x0, bw, t0);
                    t1 = MulAdd(x1, bw, t1);
                    t2 = MulAdd(x2, bw, t2);
                    t3 = MulAdd(x3, bw, t3);
                }

                s0.StoreUnsafe(ref cRef, (nuint)(c0 + j));
                s1.StoreUnsafe(ref cRef, (nuint)(c1 + j));
                s2.StoreUnsafe(ref cRef, (nuint)(c2 + j));
                s3.StoreUnsafe(ref cRef, (nuint)(c3 + j));
                t0.StoreUnsafe(ref cRef, (nuint)(c0 + j2));
                t1.StoreUnsafe(ref cRef, (nuint)(c1 + j2));
                t2.StoreUnsafe(ref cRef, (nuint)(c2 + j2));
                t3.StoreUnsafe(ref cRef, (nuint)(c3 + j2));
            }

            for (; j + Vector512<float>.Count <= n; j += Vector512<float>.Count)
            {
                Vector512<float> s0 = Vector512.LoadUnsafe(ref cRef, (nuint)(c0 + j));
                Vector512<float> s1 = Vector512.LoadUnsafe(ref cRef, (nuint)(c1 + j));
                Vector512<float> s2 = Vector512.LoadUnsafe(ref cRef, (nuint)(c2 + j));
                Vector512<float> s3 = Vector512.LoadUnsafe(ref cRef, (nuint)(c3 + j));
                for (int p = 0; p < k; p++)
                {
                    Vector512<float> bv = Vector512.LoadUnsafe(ref bRef, (nuint)((p * n) + j));
                    s0 = MulAdd(Vector512.Create(Unsafe.Add(ref aRef, a0 + p)), bv, s0);
                    s1 = MulAdd(Vector512.Create(Unsafe.Add(ref aRef, a1 + p)), bv, s1);
                    s2 = MulAdd(Vector512.Create(Unsafe.Add(ref aRef, a2 + p)), bv, s2);
                    s3 = MulAdd(Vector512.Create(Unsafe.Add(ref aRef, a3 + p)), bv, s3);
                }

                s0.StoreUnsafe(ref cRef, (nuint)(c0 + j));
                s1.StoreUnsafe(ref cRef, (nuint)(c1 + j));
                s2.StoreUnsafe(ref cRef, (nuint)(c2 + j));
                s3.StoreUnsafe(ref cRef, (nuint)(c3 + j));
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            for (; j + (2 * Vector256<float>.Count) <= n; j += 2 * Vector256<float>.Count)
            {
                int j2 = j + Vector256<float>.Count;
                Vector256<float> s0 = Vector256.LoadUnsafe(ref cRef, (nuint)(c0 + j));
                Vector256<float> s1 = Vector256.LoadUnsafe(ref cRef, (nuint)(c1 + j));
                Vector256<float> s2 = Vector256.LoadUnsafe(ref cRef, (nuint)(c2 + j));
                Vector256<float> s3 = Vector256.LoadUnsafe(ref cRef, (nuint)(c3 + j));
                Vector256<float> t0 = Vector256.LoadUnsafe(ref cRef, (nuint)(c0 + j2));
                Vector256<float> t1 = Vector256.LoadUnsafe(ref cRef, (nuint)(c1 + j2));
                Vector256<float> t2 = Vector256.LoadUnsafe(ref cRef, (nuint)(c2 + j2));
                Vector256<float> t3 = Vector256.LoadUnsafe(ref cRef, (nuint)(c3 + j2));
                for (int p = 0; p < k; p++)
                {
                    Vector256<float> bv = Vector256.LoadUnsafe(ref bRef, (nuint)((p * n) + j));
                    Vector256<float> bw = Vector256.LoadUnsafe(ref bRef, (nuint)((p * n) + j2));
                    Vector256<float> x0 = Vector256.Create(Unsafe.Add(ref aRef, a0 + p));
                    Vector256<float> x1 = Vector256.Create(Unsafe.Add(ref aRef, a1 + p));
                    Vector256<float> x2 = Vector256.Create(Unsafe.Add(ref aRef, a2 + p));
                    Vector256<float> x3 = Vector256.Create(Unsafe.Add(ref aRef, a3 + p));
                    s0 = MulAdd(x0, bv, s0);
                    s1 = MulAdd(x1, bv, s1);
                    s2 = MulAdd(x2, bv, s2);
                    s3 = MulAdd(x3, bv, s3);
                    t0 = MulAdd(x0, bw, t0);
                    t1 = MulAdd(x1, bw, t1);
                    t2 = MulAdd(x2, bw, t2);
                    t3 = MulAdd(x3, bw, t3);
                }

                s0.StoreUnsafe(ref cRef, (nuint)(c0 + j));
                s1.StoreUnsafe(ref cRef, (nuint)(c1 + j));
                s2.StoreUnsafe(ref cRef, (nuint)(c2 + j));
                s3.StoreUnsafe(ref cRef, (nuint)(c3 + j));
                t0.StoreUnsafe(ref cRef, (nuint)(c0 + j2));
                t1.StoreUnsafe(ref cRef, (nuint)(c1 + j2));
                t2.StoreUnsafe(ref cRef, (nuint)(c2 + j2));
                t3.StoreUnsafe(ref cRef, (nuint)(c3 + j2));
            }

            for (; j + Vector256<float>.Count <= n; j += Vector256<float>.Count)
            {
                Vector256<float> s0 = Vector256.LoadUnsafe(ref cRef, (nuint)(c0 + j));
                Vector256<float> s1 = Vector256.LoadUnsafe(ref cRef, (nuint)(c1 + j));
                Vector256<float> s2 = Vector256.LoadUnsafe(ref cRef, (nuint)(c2 + j));
                Vector256<float> s3 = Vector256.LoadUnsafe(ref cRef, (nuint)(c3 + j));
                for (int p = 0; p < k; p++)
                {
                    Vector256<float> bv = Vector256.LoadUnsafe(ref bRef, (nuint)((p * n) + j));
                    s0 = MulAdd(Vector256.Create(Unsafe.Add(ref aRef, a0 + p)), bv, s0);
                    s1 = MulAdd(Vector256.Create(Unsafe.Add(ref aRef, a1 + p)), bv, s1);
                    s2 = MulAdd(Vector256.Create(Unsafe.Add(ref aRef, a2 + p)), bv, s2);
                    s3 = MulAdd(Vector256.Create(Unsafe.Add(ref aRef, a3 + p)), bv, s3);
                }

                s0.StoreUnsafe(ref cRef, (nuint)(c0 + j));
                s1.StoreUnsafe(ref cRef, (nuint)(c1 + j));
                s2.StoreUnsafe(ref cRef, (nuint)(c2 + j));
                s3.StoreUnsafe(ref cRef, (nuint)(c3 + j));
            }
        }

        if (Vector128.IsHardwareAccelerated)
        {
            for (; j + Vector128<float>.Count <= n; j += Vector128<float>.Count)
            {
                Vector128<float> s0 = Vector128.LoadUnsafe(ref cRef, (nuint)(c0 + j));
                Vector128<float> s1 = Vector128.LoadUnsafe(ref cRef, (nuint)(c1 + j));
                Vector128<float> s2 = Vector128.LoadUnsafe(ref cRef, (nuint)(c2 + j));
                Vector128<float> s3 = Vector128.LoadUnsafe(ref cRef, (nuint)(c3 + j));
                for (int p = 0; p < k; p++)
                {
                    Vector128<float> bv = Vector128.LoadUnsafe(ref bRef, (nuint)((p * n) + j));
                    s0 = MulAdd(Vector128.Create(Unsafe.Add(ref aRef, a0 + p)), bv, s0);
                    s1 = MulAdd(Vector128.Create(Unsafe.Add(ref aRef, a1 + p)), bv, s1);
                    s2 = MulAdd(Vector128.Create(Unsafe.Add(ref aRef, a2 + p)), bv, s2);
                    s3 = MulAdd(Vector128.Create(Unsafe.Add(ref aRef, a3 + p)), bv, s3);
                }

                s0.StoreUnsafe(ref cRef, (nuint)(c0 + j));
                s1.StoreUnsafe(ref cRef, (nuint)(c1 + j));
                s2.StoreUnsafe(ref cRef, (nuint)(c2 + j));
                s3.StoreUnsafe(ref cRef, (nuint)(c3 + j));
            }
        }

        for (; j < n; j++)
        {
            float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
            for (int p = 0; p < k; p++)
            {
                float bv = Unsafe.Add(ref bRef, (p * n) + j);
                s0 += Unsafe.Add(ref aRef, a0 + p) * bv;
                s1 += Unsafe.Add(ref aRef, a1 + p) * bv;
                s2 += Unsafe.Add(ref aRef, a2 + p) * bv;
                s3 += Unsafe.Add(ref aRef, a3 + p) * bv;
            }

            Unsafe.Add(ref cRef, c0 + j) += s0;
            Unsafe.Add(ref cRef, c1 + j) += s1;
            Unsafe.Add(ref cRef, c2 + j) += s2;
            Unsafe.Add(ref cRef, c3 + j) += s3;
        }
    }

    // Fused multiply-add where the hardware has it (the JIT does not contract a·b + c on its own).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> MulAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) =>
        Avx512F.IsSupported ? Avx512F.FusedMultiplyAdd(a, b, c) : (a * b) + c;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> MulAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
        Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : (a * b) + c;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> MulAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c) =>
        Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : (a * b) + c;

    private static void CheckLengths(int aLength, long aNeeded, int bLength, long bNeeded, int cLength, long cNeeded)
    {
        if (aLength < aNeeded || bLength < bNeeded || cLength < cNeeded)
        {
            ThrowTooShort(aLength, aNeeded, bLength, bNeeded, cLength, cNeeded);
        }
    }

    private static void ThrowTooShort(int aLength, long aNeeded, int bLength, long bNeeded, int cLength, long cNeeded) =>
        throw new ArgumentException(
            $"GEMM operands too short: A has {aLength} of {aNeeded}, B has {bLength} of {bNeeded}, C has {cLength} of {cNeeded} elements.");
}
