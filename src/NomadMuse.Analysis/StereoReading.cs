using NomadMuse.State;

namespace NomadMuse.Analysis;

/// <summary>A snapshot of a <see cref="StereoImage"/>: correlation, mid/side balance and per-band mono loss.</summary>
/// <remarks>
/// A value type holding seven per-band values inline: reading it does not allocate. Before any input (or for
/// digital silence) correlation is 1, width 0 and all losses 0, i.e. "nothing wrong"; the side/mid ratios are −∞.
/// </remarks>
public readonly struct StereoReading
{
    private readonly BandLevels _monoLoss;
    private readonly BandLevels _sideToMid;

    /// <summary>Creates a reading.</summary>
    /// <param name="correlation">Broadband correlation coefficient of L and R, −1 … 1.</param>
    /// <param name="sideToMidDb">Broadband side energy re mid energy, dB (−∞ for dual mono, +∞ for pure side).</param>
    /// <param name="monoLossDb">Per band, dB lost when L and R are summed to mono.</param>
    /// <param name="bandSideToMidDb">Per band, side energy re mid energy, dB.</param>
    public StereoReading(double correlation, double sideToMidDb, BandLevels monoLossDb, BandLevels bandSideToMidDb)
    {
        Correlation = correlation;
        SideToMidDb = sideToMidDb;
        _monoLoss = monoLossDb;
        _sideToMid = bandSideToMidDb;
    }

    /// <summary>Pearson correlation of L and R without mean removal (the phase-meter reading): 1 identical, 0 unrelated, −1 polarity-inverted.</summary>
    public double Correlation { get; }

    /// <summary>Side (<c>(L − R)/2</c>) energy re mid (<c>(L + R)/2</c>) energy in dB; −∞ for dual mono, +∞ when L = −R.</summary>
    public double SideToMidDb { get; }

    /// <summary>Stereo width <c>S/(M + S)</c> in energy, 0 (mono) … 0.5 (uncorrelated) … 1 (all side, out of phase).</summary>
    public double Width => double.IsNegativeInfinity(SideToMidDb) ? 0 : 1.0 / (1.0 + Math.Pow(10, -SideToMidDb / 10));

    /// <summary>The largest per-band mono loss over the bands present, dB.</summary>
    public double MaxMonoLossDb
    {
        get
        {
            double max = 0;
            for (int b = 0; b < BandInfo.Count; b++)
            {
                if (_monoLoss.IsPresent((Band)b))
                {
                    max = Math.Max(max, _monoLoss[(Band)b]);
                }
            }

            return max;
        }
    }

    /// <summary>
    /// How many dB the band loses when L and R are summed to mono: <c>10·log10(((P_L + P_R)/2) / P_M)</c> with
    /// <c>M = (L + R)/2</c>. 0 for identical channels, ≈ 3 for uncorrelated ones, large (capped at 60) for cancellation.
    /// </summary>
    /// <param name="band">A band.</param>
    /// <returns>The loss in dB; 0 for silent or absent bands.</returns>
    public double MonoLossDb(Band band) => _monoLoss.IsPresent(band) ? _monoLoss[band] : 0;

    /// <summary>Side energy re mid energy in <paramref name="band"/>, dB (−∞ when the band is mono or absent).</summary>
    /// <param name="band">A band.</param>
    /// <returns>dB, possibly −∞.</returns>
    public double SideToMidDbIn(Band band) => _sideToMid[band];
}
