using NomadMuse.Generation.Midi;

namespace NomadMuse.Generation.Tokens;

/// <summary>Turns MIDI tracks into beat-based notes and control markers, and back.</summary>
internal static class MidiToBeats
{
    public static BeatNote[] Notes(IEnumerable<MidiTrack> tracks, int ticksPerQuarterNote)
    {
        double tpq = ticksPerQuarterNote;
        return [.. tracks.SelectMany(t => t.Notes).Select(n => new BeatNote(n.StartTick / tpq, n.DurationTicks / tpq, n.Pitch, n.Velocity, n.IsPercussion))];
    }

    /// <summary>
    /// Sustain (CC64), modulation (CC1) and pitch bend of pitched channels, merged in time, as markers written
    /// only when a level changes (from pedal up, modulation off, bend centred).
    /// </summary>
    public static BeatControl[] Controls(IEnumerable<MidiTrack> tracks, int ticksPerQuarterNote)
    {
        var raw = new List<(long Tick, int Order, MuseControl Control)>();
        int order = 0;
        foreach (MidiTrack track in tracks)
        {
            foreach (MidiControlChange c in track.Controls)
            {
                if (c.Channel == 9)
                {
                    continue;
                }

                if (c.Controller == MidiControlChange.Sustain)
                {
                    raw.Add((c.Tick, order++, c.Value >= 64 ? MuseControl.SustainOn : MuseControl.SustainOff));
                }
                else if (c.Controller == MidiControlChange.Modulation)
                {
                    raw.Add((c.Tick, order++, c.Value switch { <= 21 => MuseControl.ModulationOff, <= 105 => MuseControl.ModulationHalf, _ => MuseControl.ModulationFull }));
                }
            }

            foreach (MidiPitchBend b in track.PitchBends)
            {
                if (b.Channel != 9)
                {
                    raw.Add((b.Tick, order++, BendLevel(b.Value)));
                }
            }
        }

        raw.Sort((a, b) => a.Tick != b.Tick ? a.Tick.CompareTo(b.Tick) : a.Order.CompareTo(b.Order));
        MuseControl sustain = MuseControl.SustainOff, modulation = MuseControl.ModulationOff, bend = MuseControl.BendCenter;
        var result = new List<BeatControl>();
        foreach ((long tick, _, MuseControl control) in raw)
        {
            ref MuseControl state = ref control <= MuseControl.SustainOff ? ref sustain : ref control <= MuseControl.ModulationFull ? ref modulation : ref bend;
            if (state != control)
            {
                state = control;
                result.Add(new BeatControl(tick / (double)ticksPerQuarterNote, control));
            }
        }

        return [.. result];
    }

    public static MuseControl BendLevel(int value) => value switch
    {
        <= -6144 => MuseControl.BendDownFull,
        <= -2049 => MuseControl.BendDownHalf,
        <= 2047 => MuseControl.BendCenter,
        <= 6143 => MuseControl.BendUpHalf,
        _ => MuseControl.BendUpFull,
    };

    public static MidiFile ToMidi(DecodedSequence decoded, double beatsPerMinute, int ticksPerQuarterNote)
    {
        long Tick(double beats) => (long)Math.Round(beats * ticksPerQuarterNote, MidpointRounding.AwayFromZero);

        var pitched = new List<MidiNote>();
        var drums = new List<MidiNote>();
        foreach (BeatNote n in decoded.Notes)
        {
            long start = Tick(n.StartBeats);
            var note = new MidiNote(start, Math.Max(0, Tick(n.StartBeats + n.DurationBeats) - start), n.Pitch, n.Velocity, n.IsDrum ? 9 : 0);
            (n.IsDrum ? drums : pitched).Add(note);
        }

        var controls = new List<MidiControlChange>();
        var bends = new List<MidiPitchBend>();
        foreach (BeatControl c in decoded.Controls)
        {
            long tick = Tick(c.Beat);
            switch (c.Control)
            {
                case MuseControl.SustainOn: controls.Add(new MidiControlChange(tick, 0, MidiControlChange.Sustain, 127)); break;
                case MuseControl.SustainOff: controls.Add(new MidiControlChange(tick, 0, MidiControlChange.Sustain, 0)); break;
                case MuseControl.ModulationOff: controls.Add(new MidiControlChange(tick, 0, MidiControlChange.Modulation, 0)); break;
                case MuseControl.ModulationHalf: controls.Add(new MidiControlChange(tick, 0, MidiControlChange.Modulation, 64)); break;
                case MuseControl.ModulationFull: controls.Add(new MidiControlChange(tick, 0, MidiControlChange.Modulation, 127)); break;
                case MuseControl.BendDownFull: bends.Add(new MidiPitchBend(tick, 0, -8192)); break;
                case MuseControl.BendDownHalf: bends.Add(new MidiPitchBend(tick, 0, -4096)); break;
                case MuseControl.BendCenter: bends.Add(new MidiPitchBend(tick, 0, 0)); break;
                case MuseControl.BendUpHalf: bends.Add(new MidiPitchBend(tick, 0, 4096)); break;
                case MuseControl.BendUpFull: bends.Add(new MidiPitchBend(tick, 0, 8191)); break;
                default: break;
            }
        }

        var tracks = new List<MidiTrack> { new("NomadMuse", []) };
        if (pitched.Count > 0 || controls.Count > 0 || bends.Count > 0)
        {
            tracks.Add(new MidiTrack("Pitched", pitched, controls, [new MidiProgramChange(0, 0, 0)], bends));
        }

        if (drums.Count > 0)
        {
            tracks.Add(new MidiTrack("Drums", drums));
        }

        return new MidiFile(1, ticksPerQuarterNote, tracks, [TempoChange.FromBeatsPerMinute(0, beatsPerMinute)], [new TimeSignature(0, 4, 4)]);
    }
}
