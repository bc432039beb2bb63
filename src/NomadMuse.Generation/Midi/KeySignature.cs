namespace NomadMuse.Generation.Midi;

/// <summary>A key-signature meta event (<c>FF 59 02</c>): sharps or flats and major or minor.</summary>
public readonly record struct KeySignature
{
    private static readonly string[] MajorNames = ["Cb", "Gb", "Db", "Ab", "Eb", "Bb", "F", "C", "G", "D", "A", "E", "B", "F#", "C#"];
    private static readonly string[] MinorNames = ["Ab", "Eb", "Bb", "F", "C", "G", "D", "A", "E", "B", "F#", "C#", "G#", "D#", "A#"];

    /// <summary>Creates a key signature.</summary>
    /// <param name="tick">Absolute time in ticks.</param>
    /// <param name="sharpsOrFlats">−7 (seven flats) .. 0 (C major / A minor) .. 7 (seven sharps).</param>
    /// <param name="isMinor">True for a minor key.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sharpsOrFlats"/> is outside −7..7.</exception>
    public KeySignature(long tick, int sharpsOrFlats, bool isMinor)
    {
        MidiRange.CheckTick(tick, nameof(tick));
        if (sharpsOrFlats is < -7 or > 7)
        {
            throw new ArgumentOutOfRangeException(nameof(sharpsOrFlats), sharpsOrFlats, "A key signature has −7..7 sharps (negative: flats).");
        }

        Tick = tick;
        SharpsOrFlats = (sbyte)sharpsOrFlats;
        IsMinor = isMinor;
    }

    /// <summary>Absolute time in ticks.</summary>
    public long Tick { get; }

    /// <summary>Number of sharps (positive) or flats (negative).</summary>
    public sbyte SharpsOrFlats { get; }

    /// <summary>True for a minor key.</summary>
    public bool IsMinor { get; }

    /// <summary>The tonic as a pitch class 0–11 (0 = C).</summary>
    public int TonicPitchClass => (((SharpsOrFlats * 7) % 12) + 12 + (IsMinor ? 9 : 0)) % 12;

    /// <summary>A readable name such as "Eb major" or "F# minor".</summary>
    public string Name => (IsMinor ? MinorNames : MajorNames)[SharpsOrFlats + 7] + (IsMinor ? " minor" : " major");

    /// <inheritdoc />
    public override string ToString() => $"{Name} @ {Tick}";
}
