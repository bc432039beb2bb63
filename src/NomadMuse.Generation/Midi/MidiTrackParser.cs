namespace NomadMuse.Generation.Midi;

/// <summary>Parses the events of one <c>MTrk</c> chunk and pairs its notes.</summary>
internal static class MidiTrackParser
{
    private const int NoIndex = -1;

    /// <summary>Parses events from the cursor's position up to its limit (the chunk end).</summary>
    public static MidiTrack Parse(ref MidiByteCursor cursor, FileMetaCollector meta)
    {
        var pending = new List<PendingNote>();
        var open = new Queue<int>?[16 * 128];
        var controls = new List<MidiControlChange>();
        var programs = new List<MidiProgramChange>();
        var bends = new List<MidiPitchBend>();
        var texts = new List<MidiTextEvent>();
        string? name = null;
        long tick = 0;
        int runningStatus = 0;

        while (cursor.Remaining > 0)
        {
            tick += cursor.ReadVariableLength("delta time");
            int statusOffset = cursor.Position;
            byte first = cursor.ReadByte("event status");
            int status;
            if (first >= 0x80)
            {
                status = first;
            }
            else
            {
                if (runningStatus == 0)
                {
                    throw new MidiFormatException(statusOffset, $"data byte 0x{first:X2} where a status byte was expected (no running status in effect).");
                }

                status = runningStatus;
                cursor.Position--; // the byte is the first data byte of a running-status event
            }

            if (status < 0xF0)
            {
                runningStatus = status;
                ReadChannelEvent(ref cursor, status, tick, pending, open, controls, programs, bends);
                continue;
            }

            switch (status)
            {
                case 0xFF:
                    if (ReadMeta(ref cursor, tick, meta, texts, ref name))
                    {
                        CloseOpenNotes(pending, open, tick);
                        return Build(name, pending, controls, programs, bends, texts, tick);
                    }

                    break;
                case 0xF0:
                case 0xF7:
                    // System exclusive (or escaped bytes): skipped; the length bounds it inside the chunk.
                    int length = cursor.ReadVariableLength("system-exclusive length");
                    cursor.Skip(length, "system-exclusive data");
                    runningStatus = 0;
                    break;
                default:
                    throw new MidiFormatException(statusOffset, $"status byte 0x{status:X2} is not allowed in a MIDI file (system common/real-time message).");
            }
        }

        // Missing end-of-track: tolerated, the chunk length already delimits the track.
        CloseOpenNotes(pending, open, tick);
        return Build(name, pending, controls, programs, bends, texts, tick);
    }

    private static void ReadChannelEvent(
        ref MidiByteCursor cursor,
        int status,
        long tick,
        List<PendingNote> pending,
        Queue<int>?[] open,
        List<MidiControlChange> controls,
        List<MidiProgramChange> programs,
        List<MidiPitchBend> bends)
    {
        int channel = status & 0x0F;
        switch (status & 0xF0)
        {
            case 0x80:
            {
                byte pitch = cursor.ReadDataByte("note-off key");
                cursor.ReadDataByte("note-off velocity");
                NoteOff(pending, open, channel, pitch, tick);
                break;
            }

            case 0x90:
            {
                byte pitch = cursor.ReadDataByte("note-on key");
                byte velocity = cursor.ReadDataByte("note-on velocity");
                if (velocity == 0)
                {
                    NoteOff(pending, open, channel, pitch, tick);
                }
                else
                {
                    int slot = (channel * 128) + pitch;
                    (open[slot] ??= new Queue<int>()).Enqueue(pending.Count);
                    pending.Add(new PendingNote(tick, pitch, velocity, channel));
                }

                break;
            }

            case 0xA0:
                cursor.ReadDataByte("aftertouch key");
                cursor.ReadDataByte("aftertouch pressure");
                break;
            case 0xB0:
            {
                byte controller = cursor.ReadDataByte("controller number");
                byte value = cursor.ReadDataByte("controller value");
                controls.Add(new MidiControlChange(tick, channel, controller, value));
                break;
            }

            case 0xC0:
                programs.Add(new MidiProgramChange(tick, channel, cursor.ReadDataByte("program number")));
                break;
            case 0xD0:
                cursor.ReadDataByte("channel pressure");
                break;
            default: // 0xE0
            {
                byte lsb = cursor.ReadDataByte("pitch-bend LSB");
                byte msb = cursor.ReadDataByte("pitch-bend MSB");
                bends.Add(new MidiPitchBend(tick, channel, ((msb << 7) | lsb) - 8192));
                break;
            }
        }
    }

    /// <summary>Reads one meta event; returns true at end-of-track.</summary>
    private static bool ReadMeta(ref MidiByteCursor cursor, long tick, FileMetaCollector meta, List<MidiTextEvent> texts, ref string? name)
    {
        byte type = cursor.ReadByte("meta event type");
        int lengthOffset = cursor.Position;
        int length = cursor.ReadVariableLength("meta event length");
        ReadOnlySpan<byte> body = cursor.ReadBytes(length, $"meta event 0x{type:X2} data");
        switch (type)
        {
            case 0x2F:
                return true;
            case 0x51:
                RequireLength(lengthOffset, "set-tempo", length, 3);
                int us = (body[0] << 16) | (body[1] << 8) | body[2];
                if (us == 0)
                {
                    throw new MidiFormatException(lengthOffset + 1, "set-tempo event of 0 microseconds per quarter note.");
                }

                meta.Tempos.Add(new TempoChange(tick, us));
                break;
            case 0x58:
                RequireLength(lengthOffset, "time-signature", length, 4);
                if (body[0] == 0 || body[1] > 7)
                {
                    throw new MidiFormatException(lengthOffset + 1, $"time signature {body[0]}/2^{body[1]} is invalid (numerator 1–255, denominator 2^0..2^7).");
                }

                meta.TimeSignatures.Add(new TimeSignature(tick, body[0], 1 << body[1], body[2], body[3]));
                break;
            case 0x59:
                RequireLength(lengthOffset, "key-signature", length, 2);
                sbyte sf = unchecked((sbyte)body[0]);
                if (sf is < -7 or > 7 || body[1] > 1)
                {
                    throw new MidiFormatException(lengthOffset + 1, $"key signature ({sf} sharps, mode {body[1]}) is invalid (−7..7 sharps, mode 0 or 1).");
                }

                meta.KeySignatures.Add(new KeySignature(tick, sf, body[1] == 1));
                break;
            case 0x03:
                name ??= MidiFileReader.DecodeText(body);
                break;
            case 0x01 or 0x02 or 0x04 or 0x05 or 0x06 or 0x07:
                texts.Add(new MidiTextEvent(tick, type, MidiFileReader.DecodeText(body)));
                break;
            default:
                // Sequence number, channel prefix, port, SMPTE offset, sequencer-specific: not modelled.
                break;
        }

        return false;
    }

    private static void RequireLength(int offset, string what, int length, int expected)
    {
        if (length < expected)
        {
            throw new MidiFormatException(offset, $"{what} meta event has length {length}, {expected} is required.");
        }
    }

    private static void NoteOff(List<PendingNote> pending, Queue<int>?[] open, int channel, int pitch, long tick)
    {
        // FIFO: a note-off closes the earliest still-open note of that key and channel; a stray one is ignored.
        Queue<int>? queue = open[(channel * 128) + pitch];
        if (queue is { Count: > 0 })
        {
            int index = queue.Dequeue();
            pending[index] = pending[index] with { EndTick = tick };
        }
    }

    private static void CloseOpenNotes(List<PendingNote> pending, Queue<int>?[] open, long endTick)
    {
        foreach (Queue<int>? queue in open)
        {
            while (queue is { Count: > 0 })
            {
                int index = queue.Dequeue();
                pending[index] = pending[index] with { EndTick = endTick };
            }
        }
    }

    private static MidiTrack Build(
        string? name,
        List<PendingNote> pending,
        List<MidiControlChange> controls,
        List<MidiProgramChange> programs,
        List<MidiPitchBend> bends,
        List<MidiTextEvent> texts,
        long endTick)
    {
        var notes = new MidiNote[pending.Count];
        for (int i = 0; i < notes.Length; i++)
        {
            PendingNote p = pending[i];
            notes[i] = new MidiNote(p.StartTick, p.EndTick - p.StartTick, p.Pitch, p.Velocity, p.Channel);
        }

        return new MidiTrack(name, notes, controls, programs, bends, texts, endTick);
    }

    private readonly record struct PendingNote(long StartTick, int Pitch, int Velocity, int Channel)
    {
        public long EndTick { get; init; } = NoIndex;
    }
}
