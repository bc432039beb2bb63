namespace NomadMuse.Analysis;

/// <summary>
/// Block powers above the absolute gate (−70 LUFS) in 0.01 LU bins, with the exact power sum kept per bin, so that
/// gated means and percentiles of an arbitrarily long programme need constant memory and no allocation.
/// </summary>
/// <remarks>
/// Means are exact except for the one bin that straddles the relative gate, whose blocks are kept when the bin's
/// centre is at or above the gate (an error of at most 0.005 LU in where the gate falls). Percentiles are
/// resolved to the bin centre (±0.005 LU).
/// </remarks>
internal sealed class LoudnessHistogram
{
    public const double AbsoluteGateLufs = -70.0;
    private const double MaxLufs = 10.0;
    private const double BinWidth = 0.01;
    private const int BinCount = (int)((MaxLufs - AbsoluteGateLufs) / BinWidth);

    private readonly long[] _count = new long[BinCount];
    private readonly double[] _power = new double[BinCount];
    private long _total;
    private double _totalPower;

    /// <summary>The number of blocks above the absolute gate.</summary>
    public long Count => _total;

    public void Clear()
    {
        Array.Clear(_count);
        Array.Clear(_power);
        _total = 0;
        _totalPower = 0;
    }

    /// <summary>Adds one block given as its channel-weighted mean square (before the −0.691 dB offset).</summary>
    public void Add(double meanSquare)
    {
        double lufs = Loudness.FromMeanSquare(meanSquare);
        if (!(lufs > AbsoluteGateLufs))
        {
            return;
        }

        int bin = Math.Min(BinCount - 1, (int)((lufs - AbsoluteGateLufs) / BinWidth));
        _count[bin]++;
        _power[bin] += meanSquare;
        _total++;
        _totalPower += meanSquare;
    }

    /// <summary>The first bin index whose blocks pass a relative gate <paramref name="relativeGateLu"/> below the mean.</summary>
    private int FirstBinAboveRelativeGate(double relativeGateLu)
    {
        double gate = Loudness.FromMeanSquare(_totalPower / _total) + relativeGateLu;
        int bin = (int)Math.Ceiling(((gate - AbsoluteGateLufs) / BinWidth) - 0.5);
        return Math.Clamp(bin, 0, BinCount);
    }

    /// <summary>The power mean of the blocks passing the relative gate, in LUFS; −∞ when there are none.</summary>
    public double GatedLoudness(double relativeGateLu)
    {
        if (_total == 0)
        {
            return double.NegativeInfinity;
        }

        long count = 0;
        double power = 0;
        for (int bin = FirstBinAboveRelativeGate(relativeGateLu); bin < BinCount; bin++)
        {
            count += _count[bin];
            power += _power[bin];
        }

        return count == 0 ? double.NegativeInfinity : Loudness.FromMeanSquare(power / count);
    }

    /// <summary>
    /// The spread between the <paramref name="low"/> and <paramref name="high"/> quantiles (0..1) of the blocks
    /// passing the relative gate, in LU; 0 when fewer than two blocks pass.
    /// </summary>
    public double GatedRange(double relativeGateLu, double low, double high)
    {
        if (_total == 0)
        {
            return 0;
        }

        int first = FirstBinAboveRelativeGate(relativeGateLu);
        long n = 0;
        for (int bin = first; bin < BinCount; bin++)
        {
            n += _count[bin];
        }

        if (n < 2)
        {
            return 0;
        }

        return Quantile(first, n, high) - Quantile(first, n, low);
    }

    // Nearest rank on the sorted gated values: index round((n − 1)·q), as EBU Tech 3342's reference code does.
    private double Quantile(int first, long n, double q)
    {
        long index = (long)Math.Round((n - 1) * q, MidpointRounding.AwayFromZero);
        long seen = 0;
        for (int bin = first; bin < BinCount; bin++)
        {
            seen += _count[bin];
            if (seen > index)
            {
                return AbsoluteGateLufs + ((bin + 0.5) * BinWidth);
            }
        }

        return MaxLufs;
    }
}
