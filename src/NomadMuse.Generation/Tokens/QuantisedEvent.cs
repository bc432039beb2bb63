namespace NomadMuse.Generation.Tokens;

/// <summary>One note or marker on the 64th-note step grid, ready to become tokens.</summary>
/// <param name="Step">Time in 64th notes from the start.</param>
/// <param name="Kind">0 control marker, 1 pitched note, 2 drum note: the order within a step.</param>
/// <param name="Pitch">MIDI key (drums already mapped to General MIDI).</param>
/// <param name="DurationBin">Duration bin 0–31.</param>
/// <param name="VelocityBin">Velocity bin 0–15.</param>
/// <param name="Control">The marker when <paramref name="Kind"/> is 0.</param>
/// <param name="Sequence">Input order, the last tie-breaker.</param>
internal readonly record struct QuantisedEvent(long Step, int Kind, int Pitch, int DurationBin, int VelocityBin, MuseControl Control, int Sequence)
    : IComparable<QuantisedEvent>
{
    public const int ControlKind = 0;
    public const int PitchedKind = 1;
    public const int DrumKind = 2;

    /// <summary>Canonical order: time; markers, then pitched notes, then drums; key; duration; velocity; input order.</summary>
    public int CompareTo(QuantisedEvent other)
    {
        int c = Step.CompareTo(other.Step);
        if (c != 0) { return c; }
        c = Kind.CompareTo(other.Kind);
        if (c != 0) { return c; }
        if (Kind != ControlKind)
        {
            c = Pitch.CompareTo(other.Pitch);
            if (c != 0) { return c; }
            c = DurationBin.CompareTo(other.DurationBin);
            if (c != 0) { return c; }
            c = VelocityBin.CompareTo(other.VelocityBin);
            if (c != 0) { return c; }
        }

        return Sequence.CompareTo(other.Sequence);
    }
}
