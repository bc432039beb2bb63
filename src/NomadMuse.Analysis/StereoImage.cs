using System.Numerics;
using NomadMuse.Core.Dsp;
using NomadMuse.State;

namespace NomadMuse.Analysis;

/// <summary>
/// Streaming stereo analysis of the first two channels: broadband correlation and side/mid energy, and per band
/// (<see cref="Band"/>) the side/mid ratio and how much level summing to mono loses.
/// </summary>
/// <remarks>
/// <para>
/// Broadband figures are running sums over all samples (<c>ΣLR</c>, <c>ΣL²</c>, <c>ΣR²</c>) in double precision.
/// Per-band figures come from Hann-windowed FFT frames (50 % overlap) of L and R: the mid spectrum is
/// <c>(X_L + X_R)/2</c> and the side spectrum <c>(X_L − X_R)/2</c>; bin powers are summed into the bands by bin
/// centre, as in <see cref="SpectralBalance"/>, and accumulated over the whole programme.
/// </para>
/// <para>
/// Mono input counts as dual mono (correlation 1, no loss). Threading: <see cref="Push"/> is for the audio thread
/// and does not allocate or lock; <see cref="Read"/> also does not allocate and must run on the same thread.
/// </para>
/// </remarks>
public sealed class StereoImage
{
    private const double MaxLossDb = 60;
    private readonly RealFft _fft;
    private readonly float[] _window;
    private readonly float[] _historyL;
    private readonly float[] _historyR;
    private readonly float[] _frame;
    private readonly float[] _spectrumL;
    private readonly float[] _spectrumR;
    private readonly int[] _firstBin = new int[BandInfo.Count];
    private readonly int[] _endBin = new int[BandInfo.Count];
    private readonly double[] _bandL = new double[BandInfo.Count];
    private readonly double[] _bandR = new double[BandInfo.Count];
    private readonly double[] _bandMid = new double[BandInfo.Count];
    private readonly double[] _bandSide = new double[BandInfo.Count];
    private readonly int _size;
    private int _presentMask;
    private int _writePos;
    private int _untilNextFrame;
    private double _sumLr, _sumLl, _sumRr;

    /// <summary>Creates an analyser.</summary>
    /// <param name="sampleRate">Sample rate in Hz, 8 000 to 768 000.</param>
    /// <param name="channels">Interleaved channels, 1 to 64 (the first two are L and R).</param>
    /// <param name="fftSize">Frame length for the per-band figures, a power of two from 256 to 65536.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public StereoImage(int sampleRate, int channels, int fftSize = 4096)
    {
        if (sampleRate is < 8000 or > 768_000)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "The sample rate must be from 8000 to 768000 Hz.");
        }

        if (channels is < 1 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "There must be 1 to 64 channels.");
        }

        if (fftSize is < 256 or > 65536 || !BitOperations.IsPow2(fftSize))
        {
            throw new ArgumentOutOfRangeException(nameof(fftSize), fftSize, "The FFT size must be a power of two from 256 to 65536.");
        }

        SampleRate = sampleRate;
        Channels = channels;
        _size = fftSize;
        _fft = new RealFft(fftSize);
        _window = new float[fftSize];
        WindowFunctions.Hann(_window, WindowSymmetry.Periodic);
        _historyL = new float[fftSize];
        _historyR = new float[fftSize];
        _frame = new float[fftSize];
        _spectrumL = new float[_fft.OutputLength];
        _spectrumR = new float[_fft.OutputLength];
        _untilNextFrame = fftSize;
        for (int b = 0; b < BandInfo.Count; b++)
        {
            var band = (Band)b;
            long first = ((SpectralBands.LowerEdgeHz(band) * (long)fftSize) + sampleRate - 1) / sampleRate;
            long end = ((SpectralBands.UpperEdgeHz(band) * (long)fftSize) + sampleRate - 1) / sampleRate;
            _firstBin[b] = (int)Math.Min(first, fftSize / 2 + 1);
            _endBin[b] = (int)Math.Min(end, fftSize / 2 + 1);
        }
    }

    /// <summary>The sample rate in Hz.</summary>
    public int SampleRate { get; }

    /// <summary>The number of interleaved channels <see cref="Push"/> expects.</summary>
    public int Channels { get; }

    /// <summary>Analyses a buffer of interleaved samples.</summary>
    /// <param name="interleaved">Whole frames: a multiple of <see cref="Channels"/> samples.</param>
    /// <exception cref="ArgumentException">The length is not a multiple of <see cref="Channels"/>.</exception>
    /// <remarks>Audio thread; does not allocate or lock.</remarks>
    public void Push(ReadOnlySpan<float> interleaved)
    {
        int channels = Channels;
        if (interleaved.Length % channels != 0)
        {
            throw new ArgumentException($"The buffer holds {interleaved.Length} samples, not a whole number of {channels}-channel frames.", nameof(interleaved));
        }

        int right = channels == 1 ? 0 : 1;
        double lr = 0, ll = 0, rr = 0;
        for (int i = 0; i < interleaved.Length; i += channels)
        {
            float l = interleaved[i];
            float r = interleaved[i + right];
            lr += (double)l * r;
            ll += (double)l * l;
            rr += (double)r * r;
            _historyL[_writePos] = l;
            _historyR[_writePos] = r;
            _writePos = _writePos + 1 == _size ? 0 : _writePos + 1;
            if (--_untilNextFrame == 0)
            {
                AnalyseFrame();
                _untilNextFrame = _size / 2;
            }
        }

        _sumLr += lr;
        _sumLl += ll;
        _sumRr += rr;
    }

    /// <summary>The figures over everything pushed so far.</summary>
    /// <returns>A reading (see <see cref="StereoReading"/> for the values before any input).</returns>
    /// <remarks>Does not allocate; same thread as <see cref="Push"/>.</remarks>
    public StereoReading Read()
    {
        double energy = _sumLl * _sumRr;
        double correlation = energy > 0 ? Math.Clamp(_sumLr / Math.Sqrt(energy), -1.0, 1.0) : 1.0;
        double mid = (_sumLl + _sumRr + (2 * _sumLr)) / 4;
        double side = Math.Max(0, (_sumLl + _sumRr - (2 * _sumLr)) / 4);
        double sideToMid = side <= 0 ? double.NegativeInfinity : mid <= 0 ? double.PositiveInfinity : 10 * Math.Log10(side / mid);
        Span<double> loss = stackalloc double[BandInfo.Count];
        Span<double> bandSide = stackalloc double[BandInfo.Count];
        for (int b = 0; b < BandInfo.Count; b++)
        {
            double stereoPower = (_bandL[b] + _bandR[b]) / 2;
            loss[b] = stereoPower <= 0 ? 0 : _bandMid[b] <= 0 ? MaxLossDb : Math.Min(MaxLossDb, 10 * Math.Log10(stereoPower / _bandMid[b]));
            bandSide[b] = Ratio(_bandSide[b], _bandMid[b]);
        }

        return new StereoReading(correlation, sideToMid, new BandLevels(loss, _presentMask), new BandLevels(bandSide, _presentMask));
    }

    /// <summary>Forgets everything analysed, as if newly constructed.</summary>
    /// <remarks>Does not allocate; same thread as <see cref="Push"/>.</remarks>
    public void Reset()
    {
        Array.Clear(_historyL);
        Array.Clear(_historyR);
        Array.Clear(_bandL);
        Array.Clear(_bandR);
        Array.Clear(_bandMid);
        Array.Clear(_bandSide);
        _sumLr = _sumLl = _sumRr = 0;
        _presentMask = 0;
        _writePos = 0;
        _untilNextFrame = _size;
    }

    private static double Ratio(double numerator, double denominator) =>
        numerator <= 0 ? double.NegativeInfinity : denominator <= 0 ? MaxLossDb : 10 * Math.Log10(numerator / denominator);

    private void AnalyseFrame()
    {
        Window(_historyL);
        _fft.Forward(_frame, _spectrumL);
        Window(_historyR);
        _fft.Forward(_frame, _spectrumR);
        ReadOnlySpan<float> xl = _spectrumL;
        ReadOnlySpan<float> xr = _spectrumR;
        for (int b = 0; b < BandInfo.Count; b++)
        {
            double pl = 0, pr = 0, pm = 0, ps = 0;
            for (int k = _firstBin[b]; k < _endBin[b]; k++)
            {
                double lre = xl[2 * k], lim = xl[(2 * k) + 1], rre = xr[2 * k], rim = xr[(2 * k) + 1];
                pl += (lre * lre) + (lim * lim);
                pr += (rre * rre) + (rim * rim);
                double mre = lre + rre, mim = lim + rim, sre = lre - rre, sim = lim - rim;
                pm += 0.25 * ((mre * mre) + (mim * mim));
                ps += 0.25 * ((sre * sre) + (sim * sim));
            }

            _bandL[b] += pl;
            _bandR[b] += pr;
            _bandMid[b] += pm;
            _bandSide[b] += ps;
            if (_firstBin[b] < _endBin[b])
            {
                _presentMask |= 1 << b;
            }
        }
    }

    private void Window(float[] history)
    {
        int tail = _size - _writePos;
        for (int i = 0; i < tail; i++)
        {
            _frame[i] = history[_writePos + i] * _window[i];
        }

        for (int i = 0; i < _writePos; i++)
        {
            _frame[tail + i] = history[i] * _window[tail + i];
        }
    }
}
