namespace NomadMuse.Generation.Tests.Midi;

/// <summary>Builds raw Standard MIDI File bytes by hand, independent of the library's writer.</summary>
internal sealed class SmfBuilder
{
    private readonly List<byte> _bytes = [];

    public static byte[] Vlq(long value)
    {
        var groups = new List<byte> { (byte)(value & 0x7F) };
        value >>= 7;
        while (value > 0)
        {
            groups.Insert(0, (byte)(0x80 | (value & 0x7F)));
            value >>= 7;
        }

        return [.. groups];
    }

    public SmfBuilder Header(int format, int tracks, int division)
    {
        Raw("MThd"u8.ToArray()).U32(6).U16(format).U16(tracks).U16(division);
        return this;
    }

    public SmfBuilder Track(params byte[] events) => Chunk("MTrk", events);

    public SmfBuilder Chunk(string id, byte[] body)
    {
        Raw(System.Text.Encoding.ASCII.GetBytes(id)).U32((uint)body.Length);
        return Raw(body);
    }

    public SmfBuilder Raw(params byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    public SmfBuilder U32(uint v) => Raw((byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v);

    public SmfBuilder U16(int v) => Raw((byte)(v >> 8), (byte)v);

    public byte[] ToArray() => [.. _bytes];

    /// <summary>Concatenates event byte groups into one track body.</summary>
    public static byte[] Events(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
