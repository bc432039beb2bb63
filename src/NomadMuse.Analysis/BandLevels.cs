using NomadMuse.State;

namespace NomadMuse.Analysis;

/// <summary>A level in dB for each <see cref="Band"/>, some of which may be absent.</summary>
/// <remarks>
/// A band is absent when no FFT bin centre falls inside it (it lies above the Nyquist frequency, or no frame has
/// been analysed yet); its level reads <see cref="double.NegativeInfinity"/> and <see cref="IsPresent"/> is false.
/// A present band with no energy (digital silence) also reads −∞. Values are never NaN. A value type: copying it
/// does not allocate.
/// </remarks>
public readonly struct BandLevels : IEquatable<BandLevels>
{
    private readonly double _subBass, _bass, _lowMid, _mid, _highMid, _presence, _air;
    private readonly byte _presentMask;

    /// <summary>Creates levels from seven values in band order and a presence mask (bit <c>i</c> = band <c>i</c>).</summary>
    /// <param name="levelsDb">Exactly <see cref="SpectralBands.Count"/> levels, in <see cref="Band"/> order.</param>
    /// <param name="presentMask">Bit <c>i</c> set when band <c>i</c> is present; absent bands read −∞.</param>
    /// <exception cref="ArgumentException"><paramref name="levelsDb"/> does not hold seven values.</exception>
    public BandLevels(ReadOnlySpan<double> levelsDb, int presentMask)
    {
        if (levelsDb.Length != SpectralBands.Count)
        {
            throw new ArgumentException($"Expected {SpectralBands.Count} band levels, got {levelsDb.Length}.", nameof(levelsDb));
        }

        _presentMask = (byte)(presentMask & 0x7F);
        _subBass = Masked(levelsDb, 0);
        _bass = Masked(levelsDb, 1);
        _lowMid = Masked(levelsDb, 2);
        _mid = Masked(levelsDb, 3);
        _highMid = Masked(levelsDb, 4);
        _presence = Masked(levelsDb, 5);
        _air = Masked(levelsDb, 6);
    }

    /// <summary>The level of <paramref name="band"/> in dB (−∞ when absent or silent).</summary>
    /// <param name="band">A defined band.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="band"/> is not defined.</exception>
    public double this[Band band] => band switch
    {
        Band.SubBass => _subBass,
        Band.Bass => _bass,
        Band.LowMid => _lowMid,
        Band.Mid => _mid,
        Band.HighMid => _highMid,
        Band.Presence => _presence,
        Band.Air => _air,
        _ => throw new ArgumentOutOfRangeException(nameof(band), band, "Not a defined spectral band."),
    };

    /// <summary>Whether <paramref name="band"/> was measured (some FFT bin lies inside it).</summary>
    /// <param name="band">A band.</param>
    /// <returns>False for absent or undefined bands.</returns>
    public bool IsPresent(Band band) => (uint)band < SpectralBands.Count && (_presentMask & (1 << (int)band)) != 0;

    /// <summary>Copies the seven levels, in band order, into <paramref name="destination"/>.</summary>
    /// <param name="destination">At least seven values.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    public void CopyTo(Span<double> destination)
    {
        if (destination.Length < SpectralBands.Count)
        {
            throw new ArgumentException($"The destination needs {SpectralBands.Count} values, got {destination.Length}.", nameof(destination));
        }

        for (int i = 0; i < SpectralBands.Count; i++)
        {
            destination[i] = this[(Band)i];
        }
    }

    /// <inheritdoc/>
    public bool Equals(BandLevels other) =>
        _presentMask == other._presentMask && _subBass.Equals(other._subBass) && _bass.Equals(other._bass)
        && _lowMid.Equals(other._lowMid) && _mid.Equals(other._mid) && _highMid.Equals(other._highMid)
        && _presence.Equals(other._presence) && _air.Equals(other._air);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is BandLevels other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_subBass, _bass, _lowMid, _mid, _highMid, _presence, _air, _presentMask);

    /// <summary>The levels as <c>name: dB</c> pairs, for diagnostics.</summary>
    /// <returns>A string such as <c>SubBass -8.0, Bass -6.9, …</c>.</returns>
    public override string ToString()
    {
        var parts = new string[SpectralBands.Count];
        for (int i = 0; i < parts.Length; i++)
        {
            var band = (Band)i;
            parts[i] = IsPresent(band) ? $"{band} {this[band]:F1}" : $"{band} absent";
        }

        return string.Join(", ", parts);
    }

    /// <summary>Equality of all levels and presence flags.</summary>
    public static bool operator ==(BandLevels left, BandLevels right) => left.Equals(right);

    /// <summary>Inequality of any level or presence flag.</summary>
    public static bool operator !=(BandLevels left, BandLevels right) => !left.Equals(right);

    private double Masked(ReadOnlySpan<double> levels, int i) =>
        (_presentMask & (1 << i)) != 0 && !double.IsNaN(levels[i]) ? levels[i] : double.NegativeInfinity;
}
