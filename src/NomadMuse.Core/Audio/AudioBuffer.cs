using System.Runtime.CompilerServices;

namespace NomadMuse.Core.Audio;

/// <summary>A block of interleaved float audio with its sample rate and channel count.</summary>
/// <remarks>
/// The buffer wraps the array it is given (no copy), so <see cref="Samples"/> may be modified in place. Frame
/// <c>f</c>, channel <c>c</c> is <c>Samples[f * Channels + c]</c>.
/// </remarks>
public sealed class AudioBuffer
{
    /// <summary>Wraps <paramref name="samples"/> (interleaved) as audio.</summary>
    /// <param name="sampleRate">Frames per second, 1 or more.</param>
    /// <param name="channels">Samples per frame, 1 or more.</param>
    /// <param name="samples">Interleaved samples; the length must be a multiple of <paramref name="channels"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sampleRate"/> or <paramref name="channels"/> is below 1.</exception>
    /// <exception cref="ArgumentException">The sample count is not a whole number of frames.</exception>
    public AudioBuffer(int sampleRate, int channels, float[] samples)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Length % channels != 0)
        {
            throw new ArgumentException($"{samples.Length} samples are not a whole number of {channels}-channel frames.", nameof(samples));
        }

        SampleRate = sampleRate;
        Channels = channels;
        Samples = samples;
    }

    /// <summary>Frames per second.</summary>
    public int SampleRate { get; }

    /// <summary>Samples per frame.</summary>
    public int Channels { get; }

    /// <summary>The interleaved samples.</summary>
    public float[] Samples { get; }

    /// <summary>The number of frames (samples per channel).</summary>
    public int FrameCount => Samples.Length / Channels;

    /// <summary>The length in time.</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds((double)FrameCount / SampleRate);

    /// <summary>A new mono buffer holding the mean of the channels of each frame (this buffer if already mono).</summary>
    /// <remarks>Allocates the new buffer. Use <see cref="DownmixToMono"/> on real-time paths.</remarks>
    public AudioBuffer ToMono()
    {
        if (Channels == 1)
        {
            return this;
        }

        var mono = new float[FrameCount];
        DownmixToMono(Samples, Channels, mono);
        return new AudioBuffer(SampleRate, 1, mono);
    }

    /// <summary>
    /// Writes the mean of the channels of each whole frame of <paramref name="interleaved"/> into
    /// <paramref name="mono"/>; returns the frames written.
    /// </summary>
    /// <remarks>
    /// Equal-weight average (no pan law), so a full-scale signal identical in every channel stays full scale.
    /// Real-time safe: any thread, no allocation, no locks. A trailing partial frame is ignored.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="channels"/> is below 1.</exception>
    /// <exception cref="ArgumentException"><paramref name="mono"/> is shorter than the frame count.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int DownmixToMono(ReadOnlySpan<float> interleaved, int channels, Span<float> mono)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        int frames = interleaved.Length / channels;
        if (mono.Length < frames)
        {
            throw new ArgumentException($"The mono buffer holds {mono.Length} samples; {frames} are needed.", nameof(mono));
        }

        switch (channels)
        {
            case 1:
                interleaved[..frames].CopyTo(mono);
                break;
            case 2:
                for (int f = 0; f < frames; f++)
                {
                    mono[f] = (interleaved[2 * f] + interleaved[(2 * f) + 1]) * 0.5f;
                }

                break;
            default:
                float scale = 1f / channels;
                for (int f = 0, s = 0; f < frames; f++)
                {
                    float sum = 0f;
                    for (int c = 0; c < channels; c++, s++)
                    {
                        sum += interleaved[s];
                    }

                    mono[f] = sum * scale;
                }

                break;
        }

        return frames;
    }
}
