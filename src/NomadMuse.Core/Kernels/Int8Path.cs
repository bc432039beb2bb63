using System.Runtime.Intrinsics.X86;

namespace NomadMuse.Core.Kernels;

/// <summary>
/// The instruction sequences the INT8 product can use. All of them compute the same exact int32 dot products;
/// tests force each one that the CPU supports and compare integers.
/// </summary>
internal enum Int8Path
{
    /// <summary>Portable scalar loops over the packed layout.</summary>
    Scalar = 0,

    /// <summary>SSSE3 128-bit: PSIGNB, PMADDUBSW, PMADDWD.</summary>
    Ssse3 = 1,

    /// <summary>AVX2 256-bit: VPSIGNB, VPMADDUBSW, VPMADDWD.</summary>
    Avx2 = 2,

    /// <summary>AVX-512BW 512-bit: sign applied by XOR/SUB (no VPSIGNB at 512 bits), VPMADDUBSW, VPMADDWD.</summary>
    Avx512BW = 3,

    /// <summary>AVX-VNNI 256-bit (VEX) VPDPBUSD on <c>x + 128</c>, corrected by <c>128 · rowSum</c> (.NET 9+ only).</summary>
    AvxVnni = 4,
}

/// <summary>Which <see cref="Int8Path"/> values this process can run.</summary>
internal static class Int8Paths
{
    /// <summary>The preferred supported path: AVX-VNNI, then AVX-512BW, AVX2, SSSE3, scalar.</summary>
    public static readonly Int8Path Best =
        IsSupported(Int8Path.AvxVnni) ? Int8Path.AvxVnni :
        IsSupported(Int8Path.Avx512BW) ? Int8Path.Avx512BW :
        IsSupported(Int8Path.Avx2) ? Int8Path.Avx2 :
        IsSupported(Int8Path.Ssse3) ? Int8Path.Ssse3 :
        Int8Path.Scalar;

    /// <summary>Whether this CPU and runtime can run <paramref name="path"/>.</summary>
    public static bool IsSupported(Int8Path path) => path switch
    {
        Int8Path.Scalar => true,
        Int8Path.Ssse3 => Ssse3.IsSupported,
        Int8Path.Avx2 => Avx2.IsSupported,
        Int8Path.Avx512BW => Avx512BW.IsSupported,
#if NET9_0_OR_GREATER
        Int8Path.AvxVnni => AvxVnni.IsSupported,
#endif
        _ => false,
    };
}
