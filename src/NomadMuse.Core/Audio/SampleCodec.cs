using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace NomadMuse.Core.Audio;

/// <summary>Converts between stored WAV sample bytes and floats. Allocation-free; any thread.</summary>
internal static class SampleCodec
{
    private const float Scale8 = 1f / 128f;
    private const float Scale16 = 1f / 32768f;
    private const float Scale24 = 1f / 8388608f;
    private const float Scale32 = 1f / 2147483648f;

    /// <summary>Decodes <c>output.Length</c> samples from <paramref name="bytes"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Decode(WavEncoding encoding, ReadOnlySpan<byte> bytes, Span<float> output)
    {
        switch (encoding)
        {
            case WavEncoding.Pcm8:
                for (int i = 0; i < output.Length; i++)
                {
                    output[i] = (bytes[i] - 128) * Scale8;
                }

                break;
            case WavEncoding.Pcm16:
                for (int i = 0; i < output.Length; i++)
                {
                    output[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.Slice(2 * i, 2)) * Scale16;
                }

                break;
            case WavEncoding.Pcm24:
                for (int i = 0, b = 0; i < output.Length; i++, b += 3)
                {
                    int code = bytes[b] | (bytes[b + 1] << 8) | ((sbyte)bytes[b + 2] << 16);
                    output[i] = code * Scale24;
                }

                break;
            case WavEncoding.Pcm32:
                for (int i = 0; i < output.Length; i++)
                {
                    output[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes.Slice(4 * i, 4)) * Scale32;
                }

                break;
            case WavEncoding.Float32:
                for (int i = 0; i < output.Length; i++)
                {
                    output[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(4 * i, 4));
                }

                break;
            case WavEncoding.Float64:
                for (int i = 0; i < output.Length; i++)
                {
                    output[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(bytes.Slice(8 * i, 8));
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "Unknown WAV encoding.");
        }
    }

    /// <summary>Encodes <paramref name="input"/> into <paramref name="bytes"/> (integer encodings clip and round).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Encode(WavEncoding encoding, ReadOnlySpan<float> input, Span<byte> bytes)
    {
        switch (encoding)
        {
            case WavEncoding.Pcm8:
                for (int i = 0; i < input.Length; i++)
                {
                    bytes[i] = (byte)(ToCode(input[i], 8) + 128);
                }

                break;
            case WavEncoding.Pcm16:
                for (int i = 0; i < input.Length; i++)
                {
                    BinaryPrimitives.WriteInt16LittleEndian(bytes.Slice(2 * i, 2), (short)ToCode(input[i], 16));
                }

                break;
            case WavEncoding.Pcm24:
                for (int i = 0, b = 0; i < input.Length; i++, b += 3)
                {
                    int code = ToCode(input[i], 24);
                    bytes[b] = (byte)code;
                    bytes[b + 1] = (byte)(code >> 8);
                    bytes[b + 2] = (byte)(code >> 16);
                }

                break;
            case WavEncoding.Pcm32:
                for (int i = 0; i < input.Length; i++)
                {
                    BinaryPrimitives.WriteInt32LittleEndian(bytes.Slice(4 * i, 4), ToCode(input[i], 32));
                }

                break;
            case WavEncoding.Float32:
                for (int i = 0; i < input.Length; i++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(bytes.Slice(4 * i, 4), input[i]);
                }

                break;
            case WavEncoding.Float64:
                for (int i = 0; i < input.Length; i++)
                {
                    BinaryPrimitives.WriteDoubleLittleEndian(bytes.Slice(8 * i, 8), input[i]);
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "Unknown WAV encoding.");
        }
    }

    /// <summary>
    /// The integer code of <paramref name="sample"/> at <paramref name="bits"/>: x·2^(bits−1) rounded to nearest
    /// (ties to even), clipped to [−2^(bits−1), 2^(bits−1)−1]; NaN becomes 0. No dither.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ToCode(float sample, int bits)
    {
        double full = 1L << (bits - 1);
        double scaled = Math.Round(sample * full, MidpointRounding.ToEven);
        if (!(scaled > -full))
        {
            // Also catches NaN, which compares false with everything.
            return double.IsNaN(scaled) ? 0 : (int)-full;
        }

        return scaled >= full ? (int)(full - 1) : (int)scaled;
    }
}
