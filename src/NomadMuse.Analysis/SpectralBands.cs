using NomadMuse.State;

namespace NomadMuse.Analysis;

/// <summary>The edges of the <see cref="Band"/> values: contiguous, together covering 20 Hz–20 kHz.</summary>
public static class SpectralBands
{
    /// <summary>The number of bands (7).</summary>
    public const int Count = 7;

    private static readonly int[] Edges = [20, 60, 250, 500, 2000, 6000, 12000, 20000];

    /// <summary>The inclusive lower edge of <paramref name="band"/>, Hz.</summary>
    /// <param name="band">A defined band.</param>
    /// <returns>20, 60, 250, 500, 2000, 6000 or 12000.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="band"/> is not defined.</exception>
    public static int LowerEdgeHz(Band band) => Edges[Check(band)];

    /// <summary>The exclusive upper edge of <paramref name="band"/>, Hz.</summary>
    /// <param name="band">A defined band.</param>
    /// <returns>60, 250, 500, 2000, 6000, 12000 or 20000.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="band"/> is not defined.</exception>
    public static int UpperEdgeHz(Band band) => Edges[Check(band) + 1];

    private static int Check(Band band)
    {
        int index = (int)band;
        if ((uint)index >= Count)
        {
            throw new ArgumentOutOfRangeException(nameof(band), band, "Not a defined spectral band.");
        }

        return index;
    }
}
