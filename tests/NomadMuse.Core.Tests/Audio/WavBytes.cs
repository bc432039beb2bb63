using System.Buffers.Binary;
using System.Text;

namespace NomadMuse.Core.Tests.Audio;

/// <summary>Builds WAV files byte by byte for tests, independently of <c>WavWriter</c>.</summary>
internal static class WavBytes
{
    public static byte[] U16(int v)
    {
        var b = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)v);
        return b;
    }

    public static byte[] U32(uint v)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        return b;
    }

    public static byte[] U64(ulong v)
    {
        var b = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, v);
        return b;
    }

    public static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    /// <summary>A chunk: id, size, body, and a pad byte when the body is odd-sized.</summary>
    public static byte[] Chunk(string id, byte[] body, uint? declaredSize = null) =>
        Concat(Ascii(id), U32(declaredSize ?? (uint)body.Length), body, body.Length % 2 == 1 ? [0] : []);

    /// <summary>A RIFF WAVE file around the given chunks, with a correct RIFF size.</summary>
    public static byte[] Riff(params byte[][] chunks)
    {
        byte[] body = Concat(chunks);
        return Concat(Ascii("RIFF"), U32((uint)(body.Length + 4)), Ascii("WAVE"), body);
    }

    /// <summary>A 16-byte plain fmt body.</summary>
    public static byte[] Fmt(int tag, int channels, int rate, int bits, int? blockAlign = null)
    {
        int align = blockAlign ?? channels * ((bits + 7) / 8);
        return Concat(U16(tag), U16(channels), U32((uint)rate), U32((uint)(rate * align)), U16(align), U16(bits));
    }

    /// <summary>A 40-byte WAVE_FORMAT_EXTENSIBLE fmt body with sub-format tag <paramref name="subTag"/> (1 PCM, 3 float).</summary>
    public static byte[] FmtExtensible(int channels, int rate, int containerBits, int validBits, uint mask, int subTag)
    {
        int align = channels * containerBits / 8;
        return Concat(U16(0xFFFE), U16(channels), U32((uint)rate), U32((uint)(rate * align)), U16(align), U16(containerBits),
            U16(22), U16(validBits), U32(mask),
            // {0000000X-0000-0010-8000-00AA00389B71} in little-endian GUID layout.
            U16(subTag), [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71]);
    }

    public static byte[] Int16s(params short[] values) => values.SelectMany(v => U16((ushort)v)).ToArray();
}
