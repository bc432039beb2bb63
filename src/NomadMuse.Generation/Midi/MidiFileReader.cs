using System.Text;

namespace NomadMuse.Generation.Midi;

/// <summary>Parses Standard MIDI File bytes into a <see cref="MidiFile"/>.</summary>
internal static class MidiFileReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static MidiFile Parse(ReadOnlySpan<byte> data)
    {
        var cursor = new MidiByteCursor(data);
        if (data.Length < 4 || !data[..4].SequenceEqual("MThd"u8))
        {
            throw new MidiFormatException(0, "missing 'MThd' header chunk; this is not a Standard MIDI File.");
        }

        cursor.Position = 4;
        uint headerLength = cursor.ReadUInt32("header chunk length");
        if (headerLength < 6)
        {
            throw new MidiFormatException(4, $"header chunk length is {headerLength}, at least 6 is required.");
        }

        if (headerLength > (uint)cursor.Remaining)
        {
            throw new MidiFormatException(4, $"header chunk declares {headerLength} bytes but only {cursor.Remaining} remain.");
        }

        int headerEnd = cursor.Position + (int)headerLength;
        int format = cursor.ReadUInt16("format");
        int trackCount = cursor.ReadUInt16("track count");
        int division = cursor.ReadUInt16("time division");
        if (format == 2)
        {
            throw new MidiFormatException(8, "SMF format 2 (independent sequences) is not supported; only formats 0 and 1 are.");
        }

        if (format > 2)
        {
            throw new MidiFormatException(8, $"unknown SMF format {format}; only formats 0 and 1 are supported.");
        }

        if ((division & 0x8000) != 0)
        {
            throw new MidiFormatException(12, "SMPTE time division is not supported; only ticks per quarter note are.");
        }

        if (division == 0)
        {
            throw new MidiFormatException(12, "time division is 0 ticks per quarter note.");
        }

        if (format == 0 && trackCount != 1)
        {
            throw new MidiFormatException(10, $"a format 0 file must have exactly one track, the header declares {trackCount}.");
        }

        cursor.Position = headerEnd;
        var tracks = new List<MidiTrack>();
        var meta = new FileMetaCollector();
        while (tracks.Count < trackCount)
        {
            int chunkStart = cursor.Position;
            if (cursor.Remaining < 8)
            {
                throw new MidiFormatException(chunkStart, $"the header declares {trackCount} tracks but the file ends after {tracks.Count}.");
            }

            bool isTrack = data.Slice(chunkStart, 4).SequenceEqual("MTrk"u8);
            cursor.Position += 4;
            uint length = cursor.ReadUInt32("chunk length");
            if (length > (uint)cursor.Remaining)
            {
                throw new MidiFormatException(chunkStart + 4, $"chunk '{ChunkName(data.Slice(chunkStart, 4))}' declares {length} bytes but only {cursor.Remaining} remain (truncated file or wrong length).");
            }

            int chunkEnd = cursor.Position + (int)length;
            if (isTrack)
            {
                cursor.Limit = chunkEnd;
                tracks.Add(MidiTrackParser.Parse(ref cursor, meta));
                cursor.Limit = cursor.Length;
            }

            // Unknown chunks are skipped whole, as the specification asks; a track's bytes after its end-of-track too.
            cursor.Position = chunkEnd;
        }

        try
        {
            return new MidiFile(format, division, tracks, meta.Tempos, meta.TimeSignatures, meta.KeySignatures);
        }
        catch (ArgumentException e)
        {
            // Every value was range-checked while parsing; this is a defence so no argument exception escapes.
            throw new MidiFormatException(0, e.Message);
        }
    }

    internal static string DecodeText(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            // Older files use Latin-1 / Windows code pages; Latin-1 keeps every byte visible.
            return Encoding.Latin1.GetString(bytes);
        }
    }

    private static string ChunkName(ReadOnlySpan<byte> id)
    {
        Span<char> chars = stackalloc char[4];
        for (int i = 0; i < 4; i++)
        {
            chars[i] = id[i] is >= 0x20 and < 0x7F ? (char)id[i] : '?';
        }

        return new string(chars);
    }
}
