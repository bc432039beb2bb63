namespace NomadMuse.Core.Audio;

/// <summary>How the samples of a WAV file's data chunk are stored.</summary>
/// <remarks>
/// Integer encodings map to floats as <c>code / 2^(bits−1)</c> (8-bit is unsigned with 128 as zero), so they read
/// into [−1, 1). Float encodings are stored and read unchanged. See <c>docs/audio-io.md</c>.
/// </remarks>
public enum WavEncoding
{
    /// <summary>8-bit unsigned integer PCM (128 is silence).</summary>
    Pcm8 = 1,

    /// <summary>16-bit signed little-endian integer PCM.</summary>
    Pcm16 = 2,

    /// <summary>24-bit signed little-endian integer PCM, packed in 3 bytes.</summary>
    Pcm24 = 3,

    /// <summary>32-bit signed little-endian integer PCM.</summary>
    Pcm32 = 4,

    /// <summary>32-bit IEEE 754 little-endian float.</summary>
    Float32 = 5,

    /// <summary>64-bit IEEE 754 little-endian float.</summary>
    Float64 = 6,
}
