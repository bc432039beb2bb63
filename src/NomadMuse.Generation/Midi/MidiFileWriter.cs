using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;

namespace NomadMuse.Generation.Midi;

/// <summary>Serialises a <see cref="MidiFile"/> as Standard MIDI File bytes.</summary>
/// <remarks>
/// File-wide meta events go into the first track. On each tick events are ordered so that reading back pairs the
/// same notes: names and meta first, then programs, controls and bends, then note-offs of sounding notes, then
/// note-ons, then note-offs of zero-length notes. Channel events use running status; note-offs are written as
/// note-ons of velocity 0 so that running status keeps applying.
/// </remarks>
internal static class MidiFileWriter
{
    private const long MaxDelta = 0x0FFFFFFF;

    public static void Write(MidiFile file, Stream stream)
    {
        Span<byte> header = stackalloc byte[14];
        "MThd"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32BigEndian(header[4..], 6);
        BinaryPrimitives.WriteUInt16BigEndian(header[8..], (ushort)file.Format);
        // A file without tracks still needs one when it is format 0 or has tempo/meter/key events to carry.
        bool hasFileMeta = file.TempoMap.Changes.Count > 0 || file.TimeSignatures.Count > 0 || file.KeySignatures.Count > 0;
        int trackCount = file.Tracks.Count > 0 ? file.Tracks.Count : (file.Format == 0 || hasFileMeta ? 1 : 0);
        BinaryPrimitives.WriteUInt16BigEndian(header[10..], (ushort)trackCount);
        BinaryPrimitives.WriteUInt16BigEndian(header[12..], (ushort)file.TicksPerQuarterNote);
        stream.Write(header);

        Span<byte> chunk = stackalloc byte[8];
        for (int i = 0; i < trackCount; i++)
        {
            MidiTrack track = i < file.Tracks.Count ? file.Tracks[i] : new MidiTrack(null, []);
            byte[] body = EncodeTrack(file, track, includeFileMeta: i == 0);
            "MTrk"u8.CopyTo(chunk);
            BinaryPrimitives.WriteUInt32BigEndian(chunk[4..], (uint)body.Length);
            stream.Write(chunk);
            stream.Write(body);
        }
    }

    private static byte[] EncodeTrack(MidiFile file, MidiTrack track, bool includeFileMeta)
    {
        var events = new List<TrackEvent>();
        int seq = 0;
        void Add(long tick, int rank, byte[] bytes) => events.Add(new TrackEvent(tick, rank, seq++, bytes));

        if (track.Name is not null)
        {
            Add(0, 0, Meta(0x03, Encoding.UTF8.GetBytes(track.Name)));
        }

        if (includeFileMeta)
        {
            foreach (TempoChange t in file.TempoMap.Changes)
            {
                int us = t.MicrosecondsPerQuarterNote;
                Add(t.Tick, 1, Meta(0x51, [(byte)(us >> 16), (byte)(us >> 8), (byte)us]));
            }

            foreach (TimeSignature ts in file.TimeSignatures)
            {
                Add(ts.Tick, 1, Meta(0x58, [ts.Numerator, (byte)System.Numerics.BitOperations.Log2(ts.Denominator), ts.ClocksPerClick, ts.ThirtySecondNotesPerQuarter]));
            }

            foreach (KeySignature ks in file.KeySignatures)
            {
                Add(ks.Tick, 1, Meta(0x59, [unchecked((byte)ks.SharpsOrFlats), ks.IsMinor ? (byte)1 : (byte)0]));
            }
        }

        foreach (MidiTextEvent t in track.Texts)
        {
            Add(t.Tick, 1, Meta(t.MetaType, Encoding.UTF8.GetBytes(t.Text)));
        }

        foreach (MidiProgramChange p in track.Programs)
        {
            Add(p.Tick, 2, [(byte)(0xC0 | p.Channel), p.Program]);
        }

        foreach (MidiControlChange c in track.Controls)
        {
            Add(c.Tick, 3, [(byte)(0xB0 | c.Channel), c.Controller, c.Value]);
        }

        foreach (MidiPitchBend b in track.PitchBends)
        {
            int wire = b.Value + 8192;
            Add(b.Tick, 4, [(byte)(0xE0 | b.Channel), (byte)(wire & 0x7F), (byte)(wire >> 7)]);
        }

        foreach (MidiNote n in track.Notes)
        {
            byte status = (byte)(0x90 | n.Channel);
            Add(n.StartTick, 6, [status, n.Pitch, n.Velocity]);
            Add(n.EndTick, n.DurationTicks == 0 ? 7 : 5, [status, n.Pitch, 0]);
        }

        events.Sort(static (a, b) =>
        {
            int c = a.Tick.CompareTo(b.Tick);
            if (c == 0) { c = a.Rank.CompareTo(b.Rank); }
            return c != 0 ? c : a.Sequence.CompareTo(b.Sequence);
        });

        using var ms = new MemoryStream();
        long previous = 0;
        int running = 0;
        foreach (TrackEvent e in events)
        {
            if (WriteDelta(ms, e.Tick - previous))
            {
                running = 0;
            }

            previous = e.Tick;
            byte status = e.Bytes[0];
            if (status < 0xF0 && status == running)
            {
                ms.Write(e.Bytes, 1, e.Bytes.Length - 1);
            }
            else
            {
                ms.Write(e.Bytes);
                running = status < 0xF0 ? status : 0; // meta events end running status for strict readers
            }
        }

        WriteDelta(ms, Math.Max(0, track.EndTick - previous));
        ms.Write([0xFF, 0x2F, 0x00]);
        return ms.ToArray();
    }

    /// <summary>
    /// Writes a delta time; a gap longer than the largest variable-length quantity is bridged with empty
    /// sequencer-specific meta events (<c>FF 7F 00</c>), which readers skip. Returns true when it wrote one.
    /// </summary>
    private static bool WriteDelta(Stream s, long delta)
    {
        bool bridged = false;
        while (delta > MaxDelta)
        {
            WriteVariableLength(s, MaxDelta);
            s.Write([0xFF, 0x7F, 0x00]);
            delta -= MaxDelta;
            bridged = true;
        }

        WriteVariableLength(s, delta);
        return bridged;
    }

    private static byte[] Meta(byte type, byte[] data)
    {
        using var ms = new MemoryStream(data.Length + 6);
        ms.WriteByte(0xFF);
        ms.WriteByte(type);
        WriteVariableLength(ms, data.Length);
        ms.Write(data);
        return ms.ToArray();
    }

    /// <summary>Writes a delta or length as a variable-length quantity (at most 28 bits, as the format allows).</summary>
    private static void WriteVariableLength(Stream s, long value)
    {
        if (value is < 0 or > MaxDelta)
        {
            throw new UnreachableException($"Variable-length quantity {value} out of range; callers split longer gaps.");
        }

        Span<byte> buffer = stackalloc byte[4];
        int n = 0;
        buffer[3] = (byte)(value & 0x7F);
        n++;
        value >>= 7;
        while (value > 0)
        {
            buffer[3 - n] = (byte)(0x80 | (value & 0x7F));
            n++;
            value >>= 7;
        }

        s.Write(buffer[(4 - n)..]);
    }

    private readonly record struct TrackEvent(long Tick, int Rank, int Sequence, byte[] Bytes);
}
