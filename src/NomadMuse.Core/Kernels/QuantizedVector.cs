using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NomadMuse.Core.Kernels;

/// <summary>
/// A reusable buffer holding one activation vector quantised dynamically to symmetric int8:
/// <c>x[k] ≈ Scale · Values[k]</c> with <c>Scale = max_k |x[k]| / 127</c>, plus the derived forms the INT8 kernels
/// read (magnitudes and sign masks for the VPMADDUBSW paths, <c>x + 128</c> for the VNNI path).
/// </summary>
/// <remarks>
/// Create one per layer input at configuration time; <see cref="Quantize"/> then allocates nothing and takes no
/// lock. An instance is not thread-safe: one thread quantises into it and then reads it through
/// <see cref="Int8Gemv"/>. Storage is padded with zeros to a multiple of 4 to match <see cref="QuantizedMatrix"/>.
/// </remarks>
public sealed class QuantizedVector
{
    private readonly sbyte[] _values;
    private readonly byte[] _magnitudes;
    private readonly sbyte[] _negativeMasks;
    private readonly byte[] _offsetValues;

    /// <summary>Creates a buffer for vectors of <paramref name="length"/> elements.</summary>
    /// <param name="length">1 to <see cref="QuantizedMatrix.MaxColumns"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is out of range.</exception>
    public QuantizedVector(int length)
    {
        if (length < 1 || length > QuantizedMatrix.MaxColumns)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, $"A quantised vector holds 1 to {QuantizedMatrix.MaxColumns} elements.");
        }

        Length = length;
        int padded = (length + 3) & ~3;
        _values = new sbyte[padded];
        _magnitudes = new byte[padded];
        _negativeMasks = new sbyte[padded];
        _offsetValues = new byte[padded];
        _offsetValues.AsSpan().Fill(128);
    }

    /// <summary>The element count.</summary>
    public int Length { get; }

    /// <summary>The dequantisation scale of the current contents (0 when every element is 0).</summary>
    public float Scale { get; private set; }

    /// <summary>The int8 values of the current contents.</summary>
    public ReadOnlySpan<sbyte> Values => _values.AsSpan(0, Length);

    internal ReadOnlySpan<sbyte> PaddedValues => _values;

    internal ReadOnlySpan<byte> Magnitudes => _magnitudes;

    internal ReadOnlySpan<sbyte> NegativeMasks => _negativeMasks;

    internal ReadOnlySpan<byte> OffsetValues => _offsetValues;

    /// <summary>Quantises <paramref name="x"/>: <c>Values[k] = round(x[k] · 127 / max|x|)</c>, ties to even.</summary>
    /// <param name="x">Exactly <see cref="Length"/> finite values.</param>
    /// <exception cref="ArgumentException"><paramref name="x"/> has the wrong length or holds a NaN or infinity.</exception>
    /// <remarks>Allocates nothing; call it from the thread that then runs the product.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Quantize(ReadOnlySpan<float> x)
    {
        if (x.Length != Length)
        {
            throw new ArgumentException($"'{nameof(x)}' holds {x.Length} elements; this buffer quantises vectors of {Length}.", nameof(x));
        }

        float max = MathF.Abs(TensorPrimitives.MaxMagnitude(x));
        if (!float.IsFinite(max))
        {
            ThrowNotFinite(x);
        }

        Span<sbyte> q = _values.AsSpan(0, Length);
        if (max == 0f)
        {
            Scale = 0f;
            q.Clear();
        }
        else
        {
            Scale = max / 127f;
            RoundToInt8(x, 127f / max, q);
        }

        Derive();
    }

    /// <summary>Sets contents that are already quantised (e.g. the int8 output of a previous layer).</summary>
    /// <param name="values">Exactly <see cref="Length"/> int8 values.</param>
    /// <param name="scale">A finite, non-negative scale.</param>
    /// <exception cref="ArgumentException"><paramref name="values"/> has the wrong length.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scale"/> is negative or not finite.</exception>
    public void SetQuantized(ReadOnlySpan<sbyte> values, float scale)
    {
        if (values.Length != Length)
        {
            throw new ArgumentException($"'{nameof(values)}' holds {values.Length} elements; this buffer holds {Length}.", nameof(values));
        }

        if (!float.IsFinite(scale) || scale < 0f)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The scale must be finite and non-negative.");
        }

        values.CopyTo(_values);
        Scale = scale;
        Derive();
    }

    /// <summary>round-half-even(x · inverse) saturated to int8; every path gives the same bytes.</summary>
    internal static void RoundToInt8(ReadOnlySpan<float> x, float inverse, Span<sbyte> q)
    {
        int k = 0;
        ref float src = ref MemoryMarshal.GetReference(x);
        ref sbyte dst = ref MemoryMarshal.GetReference(q);
        if (Avx512F.IsSupported)
        {
            Vector512<float> s = Vector512.Create(inverse);
            for (; k + 16 <= x.Length; k += 16)
            {
                // VCVTPS2DQ rounds to nearest-even (the default MXCSR mode .NET runs under); VPMOVSDB saturates.
                Vector512<int> i = Avx512F.ConvertToVector512Int32(Vector512.LoadUnsafe(ref src, (nuint)k) * s);
                Avx512F.ConvertToVector128SByteWithSaturation(i).StoreUnsafe(ref dst, (nuint)k);
            }
        }
        else if (Sse2.IsSupported)
        {
            Vector128<float> s = Vector128.Create(inverse);
            for (; k + 16 <= x.Length; k += 16)
            {
                Vector128<int> i0 = Sse2.ConvertToVector128Int32(Vector128.LoadUnsafe(ref src, (nuint)k) * s);
                Vector128<int> i1 = Sse2.ConvertToVector128Int32(Vector128.LoadUnsafe(ref src, (nuint)(k + 4)) * s);
                Vector128<int> i2 = Sse2.ConvertToVector128Int32(Vector128.LoadUnsafe(ref src, (nuint)(k + 8)) * s);
                Vector128<int> i3 = Sse2.ConvertToVector128Int32(Vector128.LoadUnsafe(ref src, (nuint)(k + 12)) * s);
                Vector128<short> lo = Sse2.PackSignedSaturate(i0, i1);
                Vector128<short> hi = Sse2.PackSignedSaturate(i2, i3);
                Sse2.PackSignedSaturate(lo, hi).StoreUnsafe(ref dst, (nuint)k);
            }
        }

        for (; k < x.Length; k++)
        {
            q[k] = (sbyte)Math.Clamp((int)MathF.Round(x[k] * inverse), -127, 127);
        }
    }

    /// <summary>Fills the magnitude, sign-mask and +128 forms from <see cref="Values"/> (padding stays 0 / 0 / 128).</summary>
    private void Derive()
    {
        int k = 0;
        ref sbyte v = ref MemoryMarshal.GetArrayDataReference(_values);
        ref byte mag = ref MemoryMarshal.GetArrayDataReference(_magnitudes);
        ref sbyte neg = ref MemoryMarshal.GetArrayDataReference(_negativeMasks);
        ref byte off = ref MemoryMarshal.GetArrayDataReference(_offsetValues);
        if (Vector128.IsHardwareAccelerated)
        {
            Vector128<sbyte> signBit = Vector128.Create(sbyte.MinValue);
            for (; k + 16 <= Length; k += 16)
            {
                Vector128<sbyte> x = Vector128.LoadUnsafe(ref v, (nuint)k);
                Vector128.Abs(x).AsByte().StoreUnsafe(ref mag, (nuint)k);
                Vector128.LessThan(x, Vector128<sbyte>.Zero).StoreUnsafe(ref neg, (nuint)k);
                (x ^ signBit).AsByte().StoreUnsafe(ref off, (nuint)k);
            }
        }

        for (; k < Length; k++)
        {
            int x = _values[k];
            _magnitudes[k] = (byte)Math.Abs(x);
            _negativeMasks[k] = (sbyte)(x < 0 ? -1 : 0);
            _offsetValues[k] = (byte)(x + 128);
        }
    }

    private static void ThrowNotFinite(ReadOnlySpan<float> x)
    {
        for (int k = 0; k < x.Length; k++)
        {
            if (!float.IsFinite(x[k]))
            {
                throw new ArgumentException($"Activation [{k}] is {x[k]}; only finite values can be quantised.", nameof(x));
            }
        }

        throw new ArgumentException("The activations hold a non-finite value.", nameof(x));
    }
}
