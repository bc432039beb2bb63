namespace NomadMuse.Core.Audio;

/// <summary>Whole-file conveniences over <see cref="WavReader"/> and <see cref="WavWriter"/>.</summary>
/// <remarks>These allocate the whole signal; stream with <see cref="WavReader"/> for long files.</remarks>
public static class WavFile
{
    /// <summary>Reads every frame of the WAV file at <paramref name="path"/>.</summary>
    /// <remarks>A truncated data chunk yields the whole frames present (see <see cref="WavReader"/>).</remarks>
    /// <exception cref="WavFormatException">The file is not a readable WAV file.</exception>
    /// <exception cref="NotSupportedException">The file holds more samples than one array can.</exception>
    public static AudioBuffer ReadAll(string path)
    {
        using var reader = new WavReader(path);
        return ReadAll(reader);
    }

    /// <summary>Reads every frame of the WAV data in <paramref name="stream"/> (left open).</summary>
    /// <exception cref="WavFormatException">The stream does not hold a readable WAV file.</exception>
    /// <exception cref="NotSupportedException">The file holds more samples than one array can.</exception>
    public static AudioBuffer ReadAll(Stream stream)
    {
        using var reader = new WavReader(stream, leaveOpen: true);
        return ReadAll(reader);
    }

    /// <summary>Writes <paramref name="buffer"/> to <paramref name="path"/> atomically (temporary file, then move).</summary>
    /// <remarks>Integer encodings clip to [−1, 1] and round to nearest, ties to even, without dither; float encodings store samples unchanged.</remarks>
    /// <exception cref="IOException">The file cannot be written; nothing is left at <paramref name="path"/>.</exception>
    public static void Write(string path, AudioBuffer buffer, WavEncoding encoding)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        using var writer = new WavWriter(path, buffer.SampleRate, buffer.Channels, encoding);
        writer.WriteFrames(buffer.Samples);
        writer.Complete();
    }

    /// <summary>Writes <paramref name="buffer"/> as WAV into a writable, seekable <paramref name="stream"/> (left open).</summary>
    /// <remarks>Same conversion rules as <see cref="Write(string, AudioBuffer, WavEncoding)"/>.</remarks>
    public static void Write(Stream stream, AudioBuffer buffer, WavEncoding encoding)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        using var writer = new WavWriter(stream, buffer.SampleRate, buffer.Channels, encoding, leaveOpen: true);
        writer.WriteFrames(buffer.Samples);
        writer.Complete();
    }

    private static AudioBuffer ReadAll(WavReader reader)
    {
        WavFormat format = reader.Format;
        int channels = format.Channels;
        long maxSamples = Array.MaxLength / channels * channels;
        long declaredSamples = format.FrameCount >= 0 ? format.FrameCount * channels : long.MaxValue;

        // A seekable stream's frame count was checked against its length, so it is allocated at once. A non-seekable
        // stream's header is only a promise (or open), so start small and grow rather than trust it.
        bool verified = reader.IsLengthVerified && format.FrameCount >= 0;
        if (verified && declaredSamples > maxSamples)
        {
            throw TooLarge();
        }

        long limit = Math.Min(declaredSamples, maxSamples);
        var samples = new float[verified ? limit : Math.Min(limit, Math.Max(channels, 65536 / channels * channels))];
        int filled = 0;
        while (true)
        {
            if (filled == samples.Length)
            {
                if (samples.Length >= limit)
                {
                    if (limit < declaredSamples && reader.ReadFrames(new float[channels]) > 0)
                    {
                        throw TooLarge();
                    }

                    break;
                }

                Array.Resize(ref samples, (int)Math.Min((long)samples.Length * 2, limit));
            }

            int frames = reader.ReadFrames(samples.AsSpan(filled));
            if (frames == 0)
            {
                break;
            }

            filled += frames * channels;
        }

        if (filled != samples.Length)
        {
            Array.Resize(ref samples, filled);
        }

        return new AudioBuffer(format.SampleRate, channels, samples);
    }

    private static NotSupportedException TooLarge() =>
        new("The WAV data holds more samples than one array can; read it in blocks with WavReader.");
}
