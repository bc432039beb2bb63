using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NomadMuse.Analysis;

/// <summary>
/// Tracks the largest absolute value of the over-sampled signal (true peak) and of the samples (sample peak) of
/// every channel of an interleaved stream.
/// </summary>
/// <remarks>
/// Each channel is copied into a contiguous scratch block behind the last <c>TapsPerPhase − 1</c> samples of the
/// previous call, and the polyphase branches run over the block with the vector lanes on consecutive output times:
/// one load of <c>x[n − j]…x[n − j + 7]</c> feeds all four phases' multiply-adds. That is a quarter of the
/// instructions of putting the phases in the lanes (one broadcast sample per tap), which is what made the true peak
/// the meter's largest cost. Allocation-free after construction; one thread at a time.
/// </remarks>
internal sealed class TruePeakDetector
{
    private const int Taps = TruePeakFilter.TapsPerPhase;
    private const int History = Taps - 1;
    private const int BlockFrames = 512;
    private const int Phases = 4;
    private const int Stride = History + BlockFrames;

    private readonly int _channels;
    // [phase · Taps + j]: coefficient of x[n − j] in output phase `phase`; unused phases (2× over-sampling) are zero.
    private readonly float[] _coefficients;
    private readonly float[] _scratch;

    public TruePeakDetector(int sampleRate, int channels)
    {
        _channels = channels;
        Oversampling = TruePeakFilter.OversamplingFor(sampleRate);
        double[][] branches = TruePeakFilter.Design(Oversampling);
        _coefficients = new float[Phases * Taps];
        for (int k = 0; k < Oversampling; k++)
        {
            for (int j = 0; j < Taps; j++)
            {
                _coefficients[(k * Taps) + j] = (float)branches[k][j];
            }
        }

        _scratch = new float[channels * Stride];
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
        Array.Clear(_scratch);
        Array.Clear(ChannelTruePeak);
        Array.Clear(ChannelSamplePeak);
    }

    /// <summary>Measures channel <paramref name="channel"/> of whole interleaved frames.</summary>
    public void Process(ReadOnlySpan<float> interleaved, int channel)
    {
        int channels = _channels;
        Span<float> buffer = _scratch.AsSpan(channel * Stride, Stride);
        int frames = interleaved.Length / channels;
        float samplePeak = ChannelSamplePeak[channel];
        float truePeak = ChannelTruePeak[channel];
        for (int start = 0; start < frames; start += BlockFrames)
        {
            int count = Math.Min(BlockFrames, frames - start);
            int source = (start * channels) + channel;
            for (int i = 0; i < count; i++, source += channels)
            {
                float x = interleaved[source];
                samplePeak = MathF.Max(samplePeak, MathF.Abs(x));
                buffer[History + i] = x;
            }

            truePeak = MathF.Max(truePeak, BlockPeak(buffer, count));
            // The newest History samples become the next block's past (CopyTo handles the overlap).
            buffer.Slice(count, History).CopyTo(buffer);
        }

        ChannelSamplePeak[channel] = samplePeak;
        // Phase 0 reproduces the samples only up to float rounding; the true peak is never below the sample peak.
        ChannelTruePeak[channel] = MathF.Max(truePeak, samplePeak);
    }

    /// <summary>Largest |output| of every phase for the <paramref name="count"/> samples after the history.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private float BlockPeak(Span<float> buffer, int count)
    {
        ref float x = ref MemoryMarshal.GetReference(buffer);
        ref float c = ref MemoryMarshal.GetArrayDataReference(_coefficients);
        int i = 0;
        float peak = 0;
        if (Avx512F.IsSupported)
        {
            var max = Vector512<float>.Zero;
            for (; i + 16 <= count; i += 16)
            {
                Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
                ref float newest = ref Unsafe.Add(ref x, History + i);
                for (int j = 0; j < Taps; j++)
                {
                    var v = Vector512.LoadUnsafe(ref Unsafe.Subtract(ref newest, j));
                    a0 = Avx512F.FusedMultiplyAdd(v, Vector512.Create(Unsafe.Add(ref c, j)), a0);
                    a1 = Avx512F.FusedMultiplyAdd(v, Vector512.Create(Unsafe.Add(ref c, Taps + j)), a1);
                    a2 = Avx512F.FusedMultiplyAdd(v, Vector512.Create(Unsafe.Add(ref c, (2 * Taps) + j)), a2);
                    a3 = Avx512F.FusedMultiplyAdd(v, Vector512.Create(Unsafe.Add(ref c, (3 * Taps) + j)), a3);
                }

                max = Vector512.Max(max, Vector512.Max(Vector512.Max(Vector512.Abs(a0), Vector512.Abs(a1)), Vector512.Max(Vector512.Abs(a2), Vector512.Abs(a3))));
            }

            peak = HorizontalMax(max.GetLower(), max.GetUpper());
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var max = Vector256<float>.Zero;
            for (; i + 8 <= count; i += 8)
            {
                Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
                ref float newest = ref Unsafe.Add(ref x, History + i);
                for (int j = 0; j < Taps; j++)
                {
                    var v = Vector256.LoadUnsafe(ref Unsafe.Subtract(ref newest, j));
                    a0 = MultiplyAdd(v, Vector256.Create(Unsafe.Add(ref c, j)), a0);
                    a1 = MultiplyAdd(v, Vector256.Create(Unsafe.Add(ref c, Taps + j)), a1);
                    a2 = MultiplyAdd(v, Vector256.Create(Unsafe.Add(ref c, (2 * Taps) + j)), a2);
                    a3 = MultiplyAdd(v, Vector256.Create(Unsafe.Add(ref c, (3 * Taps) + j)), a3);
                }

                max = Vector256.Max(max, Vector256.Max(Vector256.Max(Vector256.Abs(a0), Vector256.Abs(a1)), Vector256.Max(Vector256.Abs(a2), Vector256.Abs(a3))));
            }

            peak = HorizontalMax(max, Vector256<float>.Zero);
        }

        for (; i < count; i++)
        {
            for (int k = 0; k < Phases; k++)
            {
                float acc = 0;
                for (int j = 0; j < Taps; j++)
                {
                    acc += Unsafe.Add(ref c, (k * Taps) + j) * Unsafe.Add(ref x, History + i - j);
                }

                peak = MathF.Max(peak, MathF.Abs(acc));
            }
        }

        return peak;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> addend) =>
        Fma.IsSupported ? Fma.MultiplyAdd(a, b, addend) : (a * b) + addend;

    private static float HorizontalMax(Vector256<float> a, Vector256<float> b)
    {
        Vector256<float> m = Vector256.Max(a, b);
        float result = 0;
        for (int lane = 0; lane < Vector256<float>.Count; lane++)
        {
            result = MathF.Max(result, m[lane]);
        }

        return result;
    }
}
