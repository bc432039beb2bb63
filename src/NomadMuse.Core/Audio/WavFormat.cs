namespace NomadMuse.Core.Audio;

/// <summary>What a WAV file holds: sample rate, channels, sample encoding and length.</summary>
/// <remarks>Produced by <see cref="WavReader"/> from the <c>fmt </c> and <c>data</c> chunks; immutable.</remarks>
public sealed class WavFormat
{
    internal WavFormat(int sampleRate, int channels, WavEncoding encoding, int validBitsPerSample, uint channelMask,
        bool isExtensible, bool isRf64, long frameCount)
    {
        SampleRate = sampleRate;
        Channels = channels;
        Encoding = encoding;
        ValidBitsPerSample = validBitsPerSample;
        ChannelMask = channelMask;
        IsExtensible = isExtensible;
        IsRf64 = isRf64;
        FrameCount = frameCount;
    }

    /// <summary>Frames per second (e.g. 44100).</summary>
    public int SampleRate { get; }

    /// <summary>Samples per frame (1 = mono, 2 = stereo, …).</summary>
    public int Channels { get; }

    /// <summary>How each sample is stored.</summary>
    public WavEncoding Encoding { get; }

    /// <summary>The size of one stored sample in bits (the container: 8, 16, 24, 32 or 64).</summary>
    public int BitsPerSample => WavEncodingInfo.BytesPerSample(Encoding) * 8;

    /// <summary>
    /// The bits that carry signal (e.g. 20 in a 24-bit container) as the file declares them; equal to
    /// <see cref="BitsPerSample"/> unless a WAVE_FORMAT_EXTENSIBLE header says otherwise. Informational only: samples
    /// are always scaled by the container size.
    /// </summary>
    public int ValidBitsPerSample { get; }

    /// <summary>Bytes per frame: <see cref="Channels"/> × bytes per sample.</summary>
    public int BlockAlign => Channels * WavEncodingInfo.BytesPerSample(Encoding);

    /// <summary>The WAVE_FORMAT_EXTENSIBLE speaker mask (bit 0 front left, bit 1 front right, bit 2 front centre…), or 0 when the file has none.</summary>
    public uint ChannelMask { get; }

    /// <summary>Whether the <c>fmt </c> chunk uses WAVE_FORMAT_EXTENSIBLE (tag 0xFFFE).</summary>
    public bool IsExtensible { get; }

    /// <summary>Whether the file is an RF64 / BW64 file (64-bit sizes in a <c>ds64</c> chunk).</summary>
    public bool IsRf64 { get; }

    /// <summary>
    /// Whole frames in the data chunk that the file actually contains; −1 when unknown (a non-seekable stream whose
    /// data chunk leaves its size open).
    /// </summary>
    public long FrameCount { get; }

    /// <summary>
    /// <see cref="FrameCount"/> as time, or <see langword="null"/> when the frame count is unknown; saturates at
    /// <see cref="TimeSpan.MaxValue"/> for absurd header values.
    /// </summary>
    public TimeSpan? Duration
    {
        get
        {
            if (FrameCount < 0)
            {
                return null;
            }

            double ticks = (double)FrameCount / SampleRate * TimeSpan.TicksPerSecond;
            return ticks >= TimeSpan.MaxValue.Ticks ? TimeSpan.MaxValue : new TimeSpan((long)Math.Round(ticks));
        }
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Encoding}, {SampleRate} Hz, {Channels} ch, {(FrameCount < 0 ? "unknown length" : FrameCount + " frames")}";
}
