namespace NomadMuse.Generation.Midi;

/// <summary>
/// Bounds-checked big-endian reading over a MIDI file's bytes; every failure is a <see cref="MidiFormatException"/>
/// naming the offset, so malformed input can never surface as an index or overflow exception.
/// </summary>
internal ref struct MidiByteCursor
{
    private readonly ReadOnlySpan<byte> _data;

    public MidiByteCursor(ReadOnlySpan<byte> data)
    {
        _data = data;
        Position = 0;
        Limit = data.Length;
    }

    /// <summary>Current offset from the start of the file.</summary>
    public int Position { get; set; }

    /// <summary>Reads may not pass this offset (the end of the current chunk, or of the file).</summary>
    public int Limit { get; set; }

    public readonly int Length => _data.Length;

    public readonly int Remaining => Limit - Position;

    public byte ReadByte(string what)
    {
        if (Position >= Limit)
        {
            throw new MidiFormatException(Position, $"unexpected end of {Where()} while reading {what}.");
        }

        return _data[Position++];
    }

    public byte ReadDataByte(string what)
    {
        int at = Position;
        byte b = ReadByte(what);
        if (b >= 0x80)
        {
            throw new MidiFormatException(at, $"{what} must be a data byte below 0x80, found 0x{b:X2}.");
        }

        return b;
    }

    public ushort ReadUInt16(string what)
    {
        Require(2, what);
        ushort v = (ushort)((_data[Position] << 8) | _data[Position + 1]);
        Position += 2;
        return v;
    }

    public uint ReadUInt32(string what)
    {
        Require(4, what);
        uint v = ((uint)_data[Position] << 24) | ((uint)_data[Position + 1] << 16) | ((uint)_data[Position + 2] << 8) | _data[Position + 3];
        Position += 4;
        return v;
    }

    /// <summary>Reads a variable-length quantity of at most 4 bytes (28 bits), as the SMF specification limits it.</summary>
    public int ReadVariableLength(string what)
    {
        int start = Position;
        int value = 0;
        for (int i = 0; i < 4; i++)
        {
            byte b = ReadByte(what);
            value = (value << 7) | (b & 0x7F);
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new MidiFormatException(start, $"{what} is a variable-length quantity longer than 4 bytes.");
    }

    public ReadOnlySpan<byte> ReadBytes(int count, string what)
    {
        Require(count, what);
        ReadOnlySpan<byte> s = _data.Slice(Position, count);
        Position += count;
        return s;
    }

    public void Skip(int count, string what) => ReadBytes(count, what);

    private readonly void Require(int count, string what)
    {
        if (count < 0 || count > Limit - Position)
        {
            throw new MidiFormatException(Position, $"{what} needs {count} bytes but only {Math.Max(0, Limit - Position)} remain in the {Where()}.");
        }
    }

    private readonly string Where() => Limit == _data.Length ? "file" : "chunk";
}
