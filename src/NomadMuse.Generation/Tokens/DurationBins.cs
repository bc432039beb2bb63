namespace NomadMuse.Generation.Tokens;

/// <summary>
/// The 32 DURATION bins, from a 16th note (0.25 beat) to four whole notes (16 beats).
/// </summary>
/// <remarks>
/// The bins are a small floating-point scale on the 16th-note grid: 1–15 sixteenths in steps of one, then 16–30 in
/// steps of two, 32–60 in steps of four, and 64. Above two beats each octave has 8 bins, so the spacing is
/// exponential there (≤ 12.5 % relative step); below, spacing is capped at one 16th, the finest a 16th-grid
/// duration can need. Every bin is an exact 16th multiple, so quarter, half, dotted and whole notes decode exactly.
/// Pure functions: thread-safe and allocation-free.
/// </remarks>
public static class DurationBins
{
    private static readonly int[] Sixteenths =
    [
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
        16, 18, 20, 22, 24, 26, 28, 30,
        32, 36, 40, 44, 48, 52, 56, 60,
        64,
    ];

    /// <summary>The length of a bin in 16th notes (1–64).</summary>
    /// <param name="bin">0–31.</param>
    /// <returns>16th notes.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bin"/> is outside 0–31.</exception>
    public static int SixteenthsOf(int bin)
    {
        if ((uint)bin >= (uint)Sixteenths.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(bin), bin, "A duration bin must be 0–31.");
        }

        return Sixteenths[bin];
    }

    /// <summary>The length of a bin in beats (quarter notes), 0.25–16.</summary>
    /// <param name="bin">0–31.</param>
    /// <returns>Beats.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bin"/> is outside 0–31.</exception>
    public static double BeatsOf(int bin) => SixteenthsOf(bin) / 4.0;

    /// <summary>The bin nearest a length in beats (ties go to the shorter bin); shorter than a 16th gives bin 0, longer than 16 beats bin 31.</summary>
    /// <param name="beats">Length in beats; NaN or negative counts as 0.</param>
    /// <returns>0–31.</returns>
    public static int BinOf(double beats)
    {
        double x = beats * 4; // in 16ths
        if (!(x > 1))
        {
            return 0;
        }

        if (x >= 64)
        {
            return Sixteenths.Length - 1;
        }

        int hi = 1;
        while (Sixteenths[hi] < x)
        {
            hi++;
        }

        return x - Sixteenths[hi - 1] <= Sixteenths[hi] - x ? hi - 1 : hi;
    }
}
