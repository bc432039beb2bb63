namespace NomadMuse.State;

/// <summary>Edges and names of the seven <see cref="Band"/> values.</summary>
/// <remarks>A band includes its lower edge and excludes its upper one, except <see cref="Band.Air"/>, which includes 20 kHz.</remarks>
public static class BandInfo
{
    /// <summary>The number of bands (7).</summary>
    public const int Count = 7;

    private static readonly float[] Edges = [20f, 60f, 250f, 500f, 2000f, 6000f, 12000f, 20000f];
    private static readonly string[] Names = ["Sub-bass", "Bass", "Low-mid", "Mid", "High-mid", "Presence", "Air"];

    /// <summary>The lower edge of <paramref name="band"/> in Hz.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="band"/> is undefined.</exception>
    public static float LowHz(Band band) => Edges[Index(band)];

    /// <summary>The upper edge of <paramref name="band"/> in Hz.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="band"/> is undefined.</exception>
    public static float HighHz(Band band) => Edges[Index(band) + 1];

    /// <summary>The geometric centre of <paramref name="band"/> in Hz (e.g. 1000 Hz for <see cref="Band.Mid"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="band"/> is undefined.</exception>
    public static float CenterHz(Band band) => MathF.Sqrt(LowHz(band) * HighHz(band));

    /// <summary>A display name, e.g. "Low-mid".</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="band"/> is undefined.</exception>
    public static string DisplayName(Band band) => Names[Index(band)];

    /// <summary>The band containing <paramref name="frequencyHz"/>, or <see langword="null"/> outside 20 Hz–20 kHz.</summary>
    public static Band? BandOf(double frequencyHz)
    {
        if (!(frequencyHz >= Edges[0]) || frequencyHz > Edges[^1])
        {
            return null;
        }

        for (int b = Count - 1; b > 0; b--)
        {
            if (frequencyHz >= Edges[b])
            {
                return (Band)b;
            }
        }

        return Band.SubBass;
    }

    private static int Index(Band band) => band is >= Band.SubBass and <= Band.Air
        ? (int)band
        : throw new ArgumentOutOfRangeException(nameof(band), band, "Bands run from SubBass to Air.");
}
