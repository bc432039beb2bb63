using NomadMuse.Core.Concurrency;

namespace NomadMuse.Classification.Background;

/// <summary>Writes interleaved audio into a track's ring as mono, all frames or none.</summary>
/// <remarks>
/// Downmixing on the producer side halves (stereo) the ring's memory and copies, and the classifier hears mono
/// anyway. The mono frames go straight into the ring's reserved slots, so no scratch buffer sized to the host's
/// buffer is needed.
/// </remarks>
internal static class MonoDownmix
{
    /// <summary>Writes the mean of each frame's channels, or nothing when not every frame fits.</summary>
    /// <param name="ring">The track's ring (this thread is its producer).</param>
    /// <param name="interleaved">Whole frames of <paramref name="channels"/> samples (the caller checks).</param>
    /// <param name="channels">Interleaved channels, 1 or more.</param>
    /// <returns><see langword="false"/> when there was not room for every frame (nothing is written).</returns>
    /// <remarks>Wait-free, no allocation.</remarks>
    public static bool TryWrite(SpscRing<float> ring, ReadOnlySpan<float> interleaved, int channels)
    {
        if (channels == 1)
        {
            return ring.TryWrite(interleaved);
        }

        int frames = interleaved.Length / channels;
        if (!ring.TryReserve(frames, out Span<float> first, out Span<float> second))
        {
            return false;
        }

        int split = first.Length * channels;
        Average(interleaved[..split], channels, first);
        Average(interleaved[split..(frames * channels)], channels, second);
        ring.Commit(frames);
        return true;
    }

    private static void Average(ReadOnlySpan<float> interleaved, int channels, Span<float> mono)
    {
        float scale = 1f / channels;
        for (int f = 0, i = 0; f < mono.Length; f++)
        {
            float sum = 0;
            for (int c = 0; c < channels; c++)
            {
                sum += interleaved[i++];
            }

            mono[f] = sum * scale;
        }
    }
}
