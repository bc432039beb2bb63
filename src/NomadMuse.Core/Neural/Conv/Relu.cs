using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NomadMuse.Core.Neural.Conv;

/// <summary>Rectified linear unit in place, and its gradient from the rectified output.</summary>
/// <remarks>
/// Allocation-free. Local to the convolution layers until a shared activation module exists. NaN passes through,
/// as in PyTorch. A compare-and-select is used rather than <c>Max</c>, whose IEEE-754 NaN handling costs a fix-up
/// on x86.
/// </remarks>
internal static class Relu
{
    /// <summary>x ← max(x, 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void InPlace(Span<float> values)
    {
        ref float start = ref MemoryMarshal.GetReference(values);
        int length = values.Length;
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + Vector512<float>.Count <= length; i += Vector512<float>.Count)
            {
                Vector512<float> v = Vector512.LoadUnsafe(ref start, (nuint)i);
                Vector512.ConditionalSelect(Vector512.LessThan(v, Vector512<float>.Zero), Vector512<float>.Zero, v).StoreUnsafe(ref start, (nuint)i);
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + Vector256<float>.Count <= length; i += Vector256<float>.Count)
            {
                Vector256<float> v = Vector256.LoadUnsafe(ref start, (nuint)i);
                Vector256.ConditionalSelect(Vector256.LessThan(v, Vector256<float>.Zero), Vector256<float>.Zero, v).StoreUnsafe(ref start, (nuint)i);
            }
        }

        if (Vector128.IsHardwareAccelerated)
        {
            for (; i + Vector128<float>.Count <= length; i += Vector128<float>.Count)
            {
                Vector128<float> v = Vector128.LoadUnsafe(ref start, (nuint)i);
                Vector128.ConditionalSelect(Vector128.LessThan(v, Vector128<float>.Zero), Vector128<float>.Zero, v).StoreUnsafe(ref start, (nuint)i);
            }
        }

        for (; i < length; i++)
        {
            if (values[i] < 0f)
            {
                values[i] = 0f;
            }
        }
    }

    /// <summary>Zeroes the gradient wherever the rectified output is not positive (the derivative at 0 is 0, as in PyTorch).</summary>
    public static void BackwardInPlace(ReadOnlySpan<float> output, Span<float> gradient)
    {
        for (int i = 0; i < gradient.Length; i++)
        {
            if (!(output[i] > 0f))
            {
                gradient[i] = 0f;
            }
        }
    }
}
