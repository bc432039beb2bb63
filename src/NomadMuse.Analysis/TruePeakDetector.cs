using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NomadMuse.Analysis;

/// <summary>
/// Tracks the largest absolute value of the over-sampled signal (true peak) and of the samples (sample peak) of
/// every channel of an interleaved stream.
/// </summary>
/// <remarks>
/// The polyphase branches are stored transposed, one <see cref="Vector128{T}"/> per tap holding that tap of up to
/// four branches, so each input sample costs <see cref="TruePeakFilter.TapsPerPhase"/> broadcast multiply-adds and
/// yields all over-sampled values at once. A per-channel history holds each sample twice so that the last taps are
/// always contiguous. Allocation-free after construction; one thread at a time.
/// </remarks>
internal sealed class TruePeakDetector
{
    private const int Taps = TruePeakFilter.TapsPerPhase;
    private readonly int _channels;
    private readonly Vector128<float>[] _taps;
    private readonly float[] _history;
    private readonly int[] _position;

    public TruePeakDetector(int sampleRate, int channels)
    {
        _channels = channels;
        Oversampling = TruePeakFilter.OversamplingFor(sampleRate);
        double[][] branches = TruePeakFilter.Design(Oversampling);
        _taps = new Vector128<float>[Taps];
        Span<float> lanes = stackalloc float[4];
        for (int t = 0; t < Taps; t++)
        {
            lanes.Clear();
            for (int k = 0; k < Oversampling; k++)
            {
                // History slot t holds x[n − (Taps − 1 − t)], i.e. the oldest sample first.
                lanes[k] = (float)branches[k][Taps - 1 - t];
            }

            _taps[t] = Vector128.Create(lanes[0], lanes[1], lanes[2], lanes[3]);
        }

        _history = new float[channels * 2 * Taps];
        _position = new int[channels];
        ChannelTruePeak = new float[channels];
        ChannelSamplePeak = new float[channels];
    }

    /// <summary>The over-sampling factor (4, or 2 from 176.4 kHz).</summary>
    public int Oversampling { get; }

    /// <summary>Largest over-sampled absolute value seen per channel (linear).</summary>
    public float[] ChannelTruePeak { get; }

    /// <summary>Largest absolute sample value seen per channel (linear).</summary>
    public float[] ChannelSamplePeak { get; }

    public void Reset()
    {
        Array.Clear(_history);
        Array.Clear(_position);
        Array.Clear(ChannelTruePeak);
        Array.Clear(ChannelSamplePeak);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Process(ReadOnlySpan<float> interleaved, int channel)
    {
        int channels = _channels;
        Span<float> history = _history.AsSpan(channel * 2 * Taps, 2 * Taps);
        ReadOnlySpan<Vector128<float>> taps = _taps;
        int pos = _position[channel];
        float samplePeak = ChannelSamplePeak[channel];
        Vector128<float> peak = Vector128.Create(ChannelTruePeak[channel]);
        for (int i = channel; i < interleaved.Length; i += channels)
        {
            float x = interleaved[i];
            samplePeak = MathF.Max(samplePeak, MathF.Abs(x));
            history[pos] = x;
            history[pos + Taps] = x;
            pos = pos + 1 == Taps ? 0 : pos + 1;
            ReadOnlySpan<float> window = history.Slice(pos, Taps);
            Vector128<float> acc = Vector128<float>.Zero;
            for (int t = 0; t < Taps; t++)
            {
                acc += taps[t] * Vector128.Create(window[t]);
            }

            peak = Vector128.Max(peak, Vector128.Abs(acc));
        }

        _position[channel] = pos;
        ChannelSamplePeak[channel] = samplePeak;
        float truePeak = MathF.Max(MathF.Max(peak[0], peak[1]), MathF.Max(peak[2], peak[3]));
        // Phase 0 reproduces the samples only up to float rounding; the true peak is never below the sample peak.
        ChannelTruePeak[channel] = MathF.Max(truePeak, samplePeak);
    }
}
