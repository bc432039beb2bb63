namespace NomadMuse.Generation.Runtime.Sampling;

/// <summary>
/// The sampler's random source: xoshiro256** seeded through SplitMix64. Its sequence is fixed by this code, not by
/// the runtime, so a seed gives the same tokens on every .NET version and machine.
/// </summary>
/// <remarks>Not thread-safe (one per session). Allocation-free.</remarks>
internal sealed class SamplingRandom
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Creates a source from a seed.</summary>
    public SamplingRandom(ulong seed) => Reseed(seed);

    /// <summary>Restarts the sequence of <paramref name="seed"/>.</summary>
    public void Reseed(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
