using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NomadMuse.Core.Kernels;

/// <summary>
/// The widest float-vector path a kernel may use. Public entry points use <see cref="SimdPaths.Best"/>; tests pass
/// narrower paths explicitly so that a CI machine with AVX-512 still exercises the AVX2, SSE and scalar code.
/// </summary>
internal enum SimdPath
{
    /// <summary>Plain scalar code, any CPU.</summary>
    Scalar = 0,

    /// <summary><see cref="Vector128{T}"/>: SSE or NEON.</summary>
    Vector128 = 1,

    /// <summary><see cref="Vector256{T}"/>: AVX/AVX2.</summary>
    Vector256 = 2,

    /// <summary><see cref="Vector512{T}"/>: AVX-512F.</summary>
    Vector512 = 3,
}

/// <summary>Detects which <see cref="SimdPath"/> values this process can run.</summary>
internal static class SimdPaths
{
    /// <summary>
    /// The widest path the runtime calls accelerated (fixed for the process lifetime). On Intel CPUs before Ice Lake
    /// (Skylake-X, Cascade Lake) .NET reports <see cref="Vector512.IsHardwareAccelerated"/> false to avoid the
    /// AVX-512 frequency penalty, so those run the 256-bit path; <c>DOTNET_PreferredVectorBitWidth=512</c> opts in.
    /// </summary>
    public static readonly SimdPath Best =
        Vector512.IsHardwareAccelerated ? SimdPath.Vector512 :
        Vector256.IsHardwareAccelerated ? SimdPath.Vector256 :
        Vector128.IsHardwareAccelerated ? SimdPath.Vector128 :
        SimdPath.Scalar;

    /// <summary>
    /// The path for compute-bound kernels (GEMM): Vector512 wherever AVX-512F exists, even where the runtime prefers
    /// 256-bit vectors, because a 256³ GEMM measured 1.55× faster with it on a Cascade Lake Xeon (docs/benchmarks.md).
    /// Memory-bound kernels (GEMV) gain nothing there and keep <see cref="Best"/>. <c>DOTNET_EnableAVX512F=0</c> turns it off.
    /// </summary>
    public static readonly SimdPath BestComputeBound = Avx512F.IsSupported ? SimdPath.Vector512 : Best;

    /// <summary>
    /// Whether <paramref name="path"/> runs as real SIMD here. Vector512 counts when AVX-512F exists even if the
    /// runtime prefers 256-bit vectors, so tests and benchmarks can still force it.
    /// </summary>
    public static bool IsSupported(SimdPath path) => path <= Best || (path == SimdPath.Vector512 && Avx512F.IsSupported);
}
