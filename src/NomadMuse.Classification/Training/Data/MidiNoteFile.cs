using System.Buffers.Binary;

namespace NomadMuse.Classification.Training.Data;

/// <summary>
/// Writes a minimal Standard MIDI File (format 0, 960 ticks per second at 120 BPM) holding one program change and a
/// list of non-overlapping notes on one channel: the score FluidSynth renders into training clips.
/// </summary>
public static class MidiNoteFile
{
    private const int TicksPerQuarter = 480;
    private const double TicksPerSecond = TicksPerQuarter * 2.0; // 120 BPM

    /// <summary>Builds the file.</summary>
    /// <param name="channel">MIDI channel 0–15 (9 is the GM percussion channel).</param>
    /// <param name="program">Program 0–127 sent at time 0 (on channel 9 it selects the drum kit).</param>
    /// <param name="notes">Notes; they may overlap in time.</param>
    /// <returns>The SMF bytes.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A channel, program, pitch, velocity or time is out of range.</exception>
    public static byte[] Create(int channel, int program, IReadOnlyList<ScheduledNote> notes)
    {
        ArgumentNullException.ThrowIfNull(notes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)channel, 15u, nameof(channel));
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)program, 127u, nameof(program));
        var events = new List<(long Tick, int Order, byte[] Data)> { (0, 0, [(byte)(0xC0 | channel), (byte)program]) };
        foreach (ScheduledNote note in notes)
        {
            if (note.Pitch is < 0 or > 127 || note.Velocity is < 1 or > 127 || note.Start < 0 || note.Duration <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(notes), note, "Pitch 0–127, velocity 1–127, start ≥ 0 and a positive duration are required.");
            }

            long on = (long)Math.Round(note.Start * TicksPerSecond) + TicksPerQuarter;
            long off = on + Math.Max(1, (long)Math.Round(note.Duration * TicksPerSecond));
            if (note.Program is >= 0 and <= 127)
            {
                events.Add((on, 0, [(byte)(0xC0 | channel), (byte)note.Program]));
            }

            events.Add((on, 2, [(byte)(0x90 | channel), (byte)note.Pitch, (byte)note.Velocity]));
            events.Add((off, 1, [(byte)(0x80 | channel), (byte)note.Pitch, 0]));
        }

        events.Sort((a, b) => a.Tick != b.Tick ? a.Tick.CompareTo(b.Tick) : a.Order.CompareTo(b.Order));
        using var track = new MemoryStream();
        track.Write([0x00, 0xFF, 0x51, 0x03, 0x07, 0xA1, 0x20]); // tempo 500,000 µs per quarter
        long last = 0;
        foreach ((long tick, _, byte[] data) in events)
        {
            WriteVariableLength(track, tick - last);
            track.Write(data);
            last = tick;
        }

        WriteVariableLength(track, TicksPerQuarter);
        track.Write([0xFF, 0x2F, 0x00]);
        using var file = new MemoryStream();
        file.Write("MThd"u8);
        Span<byte> header = stackalloc byte[10];
        BinaryPrimitives.WriteInt32BigEndian(header, 6);
        BinaryPrimitives.WriteInt16BigEndian(header[4..], 0);
        BinaryPrimitives.WriteInt16BigEndian(header[6..], 1);
        BinaryPrimitives.WriteInt16BigEndian(header[8..], TicksPerQuarter);
        file.Write(header);
        file.Write("MTrk"u8);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, (int)track.Length);
        file.Write(length);
        track.Position = 0;
        track.CopyTo(file);
        return file.ToArray();
    }

    /// <summary>Seconds from the start of the rendered audio to the first note: the file begins with one quarter of silence.</summary>
    public static double LeadInSeconds => TicksPerQuarter / TicksPerSecond;

    private static void WriteVariableLength(Stream stream, long value)
    {
        Span<byte> buffer = stackalloc byte[5];
        int n = 0;
        buffer[n++] = (byte)(value & 0x7F);
        while ((value >>= 7) > 0)
        {
            buffer[n++] = (byte)(0x80 | (value & 0x7F));
        }

        for (int i = n - 1; i >= 0; i--)
        {
            stream.WriteByte(buffer[i]);
        }
    }
}
