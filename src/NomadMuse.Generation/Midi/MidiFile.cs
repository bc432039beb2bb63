namespace NomadMuse.Generation.Midi;

/// <summary>
/// A Standard MIDI File (format 0 or 1) with paired notes, channel events and a tempo map.
/// </summary>
/// <remarks>
/// <para>Read with <see cref="Read(Stream)"/>; write with <see cref="Write(Stream)"/>. Reading then writing then
/// reading again gives the same notes, controls, programs, pitch bends, tempo map, time and key signatures.
/// Tempo, time-signature and key-signature events are kept per file (from whichever track held them) and are
/// written into the first track. See <c>docs/midi.md</c> for what the reader accepts.</para>
/// <para>Immutable after construction and therefore thread-safe.</para>
/// </remarks>
/// <example>
/// <code>
/// MidiFile file = MidiFile.Read("song.mid");
/// foreach (MidiTrack track in file.Tracks)
///     Console.WriteLine($"{track.Name}: {track.Notes.Count} notes, ends at {file.TempoMap.TicksToSeconds(track.EndTick)} s");
/// </code>
/// </example>
public sealed class MidiFile
{
    /// <summary>Creates a file.</summary>
    /// <param name="format">0 (one track) or 1 (several simultaneous tracks).</param>
    /// <param name="ticksPerQuarterNote">Time division, 1–32,767 ticks per quarter note.</param>
    /// <param name="tracks">The tracks; format 0 allows at most one.</param>
    /// <param name="tempoChanges">Tempo changes, or null for none (120 BPM).</param>
    /// <param name="timeSignatures">Time signatures, or null for none.</param>
    /// <param name="keySignatures">Key signatures, or null for none.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="format"/> or <paramref name="ticksPerQuarterNote"/> is out of range, or format 0 has several tracks.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="tracks"/> is null.</exception>
    public MidiFile(
        int format,
        int ticksPerQuarterNote,
        IEnumerable<MidiTrack> tracks,
        IEnumerable<TempoChange>? tempoChanges = null,
        IEnumerable<TimeSignature>? timeSignatures = null,
        IEnumerable<KeySignature>? keySignatures = null)
    {
        if (format is not (0 or 1))
        {
            throw new ArgumentOutOfRangeException(nameof(format), format, "Only SMF formats 0 and 1 are supported.");
        }

        CheckTicksPerQuarterNote(ticksPerQuarterNote, nameof(ticksPerQuarterNote));
        ArgumentNullException.ThrowIfNull(tracks);
        MidiTrack[] trackArray = [.. tracks];
        if (format == 0 && trackArray.Length > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(format), format, $"A format 0 file holds one track, not {trackArray.Length}.");
        }

        foreach (MidiTrack t in trackArray)
        {
            ArgumentNullException.ThrowIfNull(t, nameof(tracks));
        }

        Format = format;
        TicksPerQuarterNote = ticksPerQuarterNote;
        Tracks = trackArray;
        TempoMap = new TempoMap(ticksPerQuarterNote, tempoChanges ?? []);
        TimeSignatures = [.. (timeSignatures ?? []).OrderBy(t => t.Tick)];
        KeySignatures = [.. (keySignatures ?? []).OrderBy(k => k.Tick)];
    }

    /// <summary>SMF format: 0 or 1.</summary>
    public int Format { get; }

    /// <summary>Ticks per quarter note (the header's time division).</summary>
    public int TicksPerQuarterNote { get; }

    /// <summary>The tracks in file order (a format 1 conductor track with no notes is included).</summary>
    public IReadOnlyList<MidiTrack> Tracks { get; }

    /// <summary>Tempo changes and tick/second conversion.</summary>
    public TempoMap TempoMap { get; }

    /// <summary>Time signatures sorted by tick.</summary>
    public IReadOnlyList<TimeSignature> TimeSignatures { get; }

    /// <summary>Key signatures sorted by tick.</summary>
    public IReadOnlyList<KeySignature> KeySignatures { get; }

    /// <summary>The last tick of any track (its end-of-track) or meta event.</summary>
    public long EndTick
    {
        get
        {
            long end = 0;
            foreach (MidiTrack t in Tracks) { end = Math.Max(end, t.EndTick); }
            if (TempoMap.Changes.Count > 0) { end = Math.Max(end, TempoMap.Changes[^1].Tick); }
            if (TimeSignatures.Count > 0) { end = Math.Max(end, TimeSignatures[^1].Tick); }
            if (KeySignatures.Count > 0) { end = Math.Max(end, KeySignatures[^1].Tick); }
            return end;
        }
    }

    /// <summary>Length of the file in seconds (to <see cref="EndTick"/>, through the tempo map).</summary>
    public double DurationSeconds => TempoMap.TicksToSeconds(EndTick);

    /// <summary>Reads a Standard MIDI File from a stream (read to its end).</summary>
    /// <param name="stream">A readable stream positioned at the <c>MThd</c> chunk.</param>
    /// <returns>The parsed file.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="MidiFormatException">The bytes are not a valid format 0 or 1 MIDI file; the message names the byte offset.</exception>
    /// <exception cref="IOException">The stream cannot be read.</exception>
    public static MidiFile Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        byte[] data;
        if (stream is MemoryStream ms && ms.TryGetBuffer(out ArraySegment<byte> segment))
        {
            data = segment.AsSpan((int)Math.Min(ms.Position, segment.Count)).ToArray();
            ms.Position = ms.Length;
        }
        else
        {
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            data = copy.ToArray();
        }

        return MidiFileReader.Parse(data);
    }

    /// <summary>Reads a Standard MIDI File from bytes.</summary>
    /// <param name="data">The file's bytes.</param>
    /// <returns>The parsed file.</returns>
    /// <exception cref="MidiFormatException">The bytes are not a valid format 0 or 1 MIDI file.</exception>
    public static MidiFile Read(ReadOnlySpan<byte> data) => MidiFileReader.Parse(data);

    /// <summary>Reads a Standard MIDI File from disk.</summary>
    /// <param name="path">Path of the <c>.mid</c> file.</param>
    /// <returns>The parsed file.</returns>
    /// <exception cref="MidiFormatException">The file is not a valid format 0 or 1 MIDI file.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static MidiFile Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return MidiFileReader.Parse(File.ReadAllBytes(path));
    }

    /// <summary>Writes the file as a Standard MIDI File.</summary>
    /// <param name="stream">A writable stream.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="IOException">The stream cannot be written.</exception>
    public void Write(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        MidiFileWriter.Write(this, stream);
    }

    /// <summary>Writes the file to disk through a temporary file that then replaces <paramref name="path"/>.</summary>
    /// <param name="path">Destination path; an existing file is replaced only once the new one is complete.</param>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void Write(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        string temp = Path.Combine(Path.GetDirectoryName(full) ?? ".", $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                Write(stream);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>Encodes the file as bytes.</summary>
    /// <returns>The Standard MIDI File bytes.</returns>
    public byte[] ToArray()
    {
        using var ms = new MemoryStream();
        Write(ms);
        return ms.ToArray();
    }

    internal static void CheckTicksPerQuarterNote(int ticksPerQuarterNote, string paramName)
    {
        if (ticksPerQuarterNote is < 1 or > 0x7FFF)
        {
            throw new ArgumentOutOfRangeException(paramName, ticksPerQuarterNote, "Ticks per quarter note must be 1–32,767.");
        }
    }
}
