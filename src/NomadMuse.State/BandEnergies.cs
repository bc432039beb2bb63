namespace NomadMuse.State;

/// <summary>The energy of each of the seven <see cref="Band"/> values in dB, as an immutable value.</summary>
/// <remarks>Reading (<see cref="this[Band]"/>, <see cref="CopyTo"/>) allocates nothing; constructing allocates one small array.</remarks>
public sealed class BandEnergies
{
    private readonly float[] _db;

    /// <summary>Creates band energies from seven values in <see cref="Band"/> order (SubBass first).</summary>
    /// <exception cref="ArgumentException"><paramref name="db"/> does not hold exactly 7 values, or one is NaN.</exception>
    public BandEnergies(ReadOnlySpan<float> db)
    {
        if (db.Length != BandInfo.Count)
        {
            throw new ArgumentException($"Band energies need exactly {BandInfo.Count} values, got {db.Length}.", nameof(db));
        }

        foreach (float v in db)
        {
            if (float.IsNaN(v))
            {
                throw new ArgumentException("Band energies must not be NaN (use −∞ dB for silence).", nameof(db));
            }
        }

        _db = db.ToArray();
    }

    /// <summary>Every band at −∞ dB (nothing measured yet, or silence).</summary>
    public static BandEnergies Silent { get; } = new([float.NegativeInfinity, float.NegativeInfinity, float.NegativeInfinity,
        float.NegativeInfinity, float.NegativeInfinity, float.NegativeInfinity, float.NegativeInfinity]);

    /// <summary>The energy of <paramref name="band"/> in dB.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="band"/> is undefined.</exception>
    public float this[Band band] => (uint)band < BandInfo.Count
        ? _db[(int)band]
        : throw new ArgumentOutOfRangeException(nameof(band), band, "Bands run from SubBass to Air.");

    /// <summary>Copies the seven values, SubBass first, into <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> holds fewer than 7 values.</exception>
    public void CopyTo(Span<float> destination) => _db.CopyTo(destination);

    /// <summary>Returns energies with <paramref name="band"/> set to <paramref name="db"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="band"/> is undefined.</exception>
    /// <exception cref="ArgumentException"><paramref name="db"/> is NaN.</exception>
    public BandEnergies With(Band band, float db)
    {
        if ((uint)band >= BandInfo.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(band), band, "Bands run from SubBass to Air.");
        }

        Span<float> copy = stackalloc float[BandInfo.Count];
        _db.CopyTo(copy);
        copy[(int)band] = db;
        return new BandEnergies(copy);
    }

    /// <inheritdoc/>
    public override string ToString() => string.Join(", ", Enum.GetValues<Band>().Select(b => FormattableString.Invariant($"{b} {this[b]:F1} dB")));
}
