namespace NomadMuse.Generation.Midi;

/// <summary>
/// One track chunk (<c>MTrk</c>) of a file: its name, paired notes and channel events.
/// </summary>
/// <remarks>
/// Tempo, time-signature and key-signature events belong to the whole file and live on <see cref="MidiFile"/>,
/// whichever track they were read from. Lists are sorted by tick; events on the same tick keep file order.
/// Immutable after construction.
/// </remarks>
public sealed class MidiTrack
{
    /// <summary>Creates a track.</summary>
    /// <param name="name">Track name (meta <c>FF 03</c>), or null when it has none.</param>
    /// <param name="notes">Notes; sorted by start tick here (stable).</param>
    /// <param name="controls">Control changes, or null for none.</param>
    /// <param name="programs">Program changes, or null for none.</param>
    /// <param name="pitchBends">Pitch bends, or null for none.</param>
    /// <param name="texts">Other text meta events, or null for none.</param>
    /// <param name="endTick">Tick of the end-of-track event; raised to the last event's tick when smaller.</param>
    /// <exception cref="ArgumentNullException"><paramref name="notes"/> is null.</exception>
    public MidiTrack(
        string? name,
        IEnumerable<MidiNote> notes,
        IEnumerable<MidiControlChange>? controls = null,
        IEnumerable<MidiProgramChange>? programs = null,
        IEnumerable<MidiPitchBend>? pitchBends = null,
        IEnumerable<MidiTextEvent>? texts = null,
        long endTick = 0)
    {
        ArgumentNullException.ThrowIfNull(notes);
        Name = name;
        Notes = [.. notes.OrderBy(n => n.StartTick)];
        Controls = [.. (controls ?? []).OrderBy(c => c.Tick)];
        Programs = [.. (programs ?? []).OrderBy(p => p.Tick)];
        PitchBends = [.. (pitchBends ?? []).OrderBy(p => p.Tick)];
        Texts = [.. (texts ?? []).OrderBy(t => t.Tick)];

        long last = Math.Max(0, endTick);
        foreach (MidiNote n in Notes)
        {
            last = Math.Max(last, n.EndTick);
        }

        if (Controls.Count > 0) { last = Math.Max(last, Controls[^1].Tick); }
        if (Programs.Count > 0) { last = Math.Max(last, Programs[^1].Tick); }
        if (PitchBends.Count > 0) { last = Math.Max(last, PitchBends[^1].Tick); }
        if (Texts.Count > 0) { last = Math.Max(last, Texts[^1].Tick); }
        EndTick = last;

        var channels = new SortedSet<int>();
        foreach (MidiNote n in Notes) { channels.Add(n.Channel); }
        foreach (MidiControlChange c in Controls) { channels.Add(c.Channel); }
        foreach (MidiProgramChange p in Programs) { channels.Add(p.Channel); }
        foreach (MidiPitchBend b in PitchBends) { channels.Add(b.Channel); }
        Channels = [.. channels];
        IsPercussion = Notes.Count > 0 && Notes.All(n => n.Channel == MidiRange.PercussionChannel);
    }

    /// <summary>The track name, or null.</summary>
    public string? Name { get; }

    /// <summary>Notes sorted by start tick.</summary>
    public IReadOnlyList<MidiNote> Notes { get; }

    /// <summary>Control changes (sustain, modulation, volume…) sorted by tick.</summary>
    public IReadOnlyList<MidiControlChange> Controls { get; }

    /// <summary>Program changes sorted by tick.</summary>
    public IReadOnlyList<MidiProgramChange> Programs { get; }

    /// <summary>Pitch bends sorted by tick.</summary>
    public IReadOnlyList<MidiPitchBend> PitchBends { get; }

    /// <summary>Text meta events other than the name, sorted by tick.</summary>
    public IReadOnlyList<MidiTextEvent> Texts { get; }

    /// <summary>Tick of the end of the track: never before its last event.</summary>
    public long EndTick { get; }

    /// <summary>Every channel index the track's channel events use, ascending.</summary>
    public IReadOnlyList<int> Channels { get; }

    /// <summary>The channel of the track's first note (or, without notes, its lowest channel used), or null when it has no channel events. See <see cref="Channels"/> for every channel.</summary>
    public int? Channel
    {
        get
        {
            if (Notes.Count > 0)
            {
                return Notes[0].Channel;
            }

            return Channels.Count > 0 ? Channels[0] : null;
        }
    }

    /// <summary>True when the track has notes and all of them are on channel index 9 (General MIDI percussion).</summary>
    public bool IsPercussion { get; }
}
