namespace NomadMuse.Core.Audio;

/// <summary>Sizes of the <see cref="WavEncoding"/> values.</summary>
public static class WavEncodingInfo
{
    /// <summary>The bytes one sample of <paramref name="encoding"/> occupies (1, 2, 3, 4 or 8).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="encoding"/> is not a defined value.</exception>
    public static int BytesPerSample(WavEncoding encoding) => encoding switch
    {
        WavEncoding.Pcm8 => 1,
        WavEncoding.Pcm16 => 2,
        WavEncoding.Pcm24 => 3,
        WavEncoding.Pcm32 => 4,
        WavEncoding.Float32 => 4,
        WavEncoding.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "Unknown WAV encoding."),
    };

    /// <summary>Whether <paramref name="encoding"/> stores IEEE floats (32 or 64 bit).</summary>
    public static bool IsFloat(WavEncoding encoding) => encoding is WavEncoding.Float32 or WavEncoding.Float64;
}
