namespace NomadMuse.Core.Audio.Flac;

/// <summary>Decodes one FLAC frame (header, subframes, inter-channel decorrelation, CRCs) into caller buffers.</summary>
internal sealed class FlacFrameDecoder
{
    private static readonly int[] SampleRates = [0, 88200, 176400, 192000, 8000, 16000, 22050, 24000, 32000, 44100, 48000, 96000];
    private static readonly int[] SampleSizes = [0, 8, 12, -1, 16, 20, 24, 32];

    private readonly FlacStreamInfo _info;

    public FlacFrameDecoder(FlacStreamInfo info) => _info = info;

    /// <summary>Decodes the frame at the reader's position into <paramref name="channels"/>; returns its block size.</summary>
    public int Decode(FlacBitReader reader, byte[] data, long[][] channels)
    {
        int frameStart = reader.BytePosition;
        uint sync = reader.ReadBits(14);
        if (sync != 0x3FFE)
        {
            throw new FlacFormatException("Frame sync code not found.", frameStart);
        }

        if (reader.ReadBit())
        {
            throw new FlacFormatException("Reserved bit set in the frame header.", frameStart);
        }

        reader.ReadBit(); // blocking strategy: fixed or variable; the coded number below differs, the samples do not.
        int blockSizeCode = (int)reader.ReadBits(4);
        int sampleRateCode = (int)reader.ReadBits(4);
        int channelAssignment = (int)reader.ReadBits(4);
        int sampleSizeCode = (int)reader.ReadBits(3);
        if (reader.ReadBit())
        {
            throw new FlacFormatException("Reserved bit set in the frame header.", frameStart + 3);
        }

        reader.ReadUtf8Number();
        int blockSize = blockSizeCode switch
        {
            0 => throw new FlacFormatException("Reserved block size code 0.", frameStart + 2),
            1 => 192,
            >= 2 and <= 5 => 576 << (blockSizeCode - 2),
            6 => (int)reader.ReadBits(8) + 1,
            7 => (int)reader.ReadBits(16) + 1,
            _ => 256 << (blockSizeCode - 8),
        };

        int sampleRate = sampleRateCode switch
        {
            0 => _info.SampleRate,
            12 => (int)reader.ReadBits(8) * 1000,
            13 => (int)reader.ReadBits(16),
            14 => (int)reader.ReadBits(16) * 10,
            15 => throw new FlacFormatException("Invalid sample rate code 15.", frameStart + 2),
            _ => SampleRates[sampleRateCode],
        };
        if (sampleRate != _info.SampleRate)
        {
            throw new FlacFormatException($"Frame sample rate {sampleRate} Hz differs from the stream's {_info.SampleRate} Hz.", frameStart);
        }

        int bitsPerSample = sampleSizeCode == 0 ? _info.BitsPerSample : SampleSizes[sampleSizeCode];
        if (bitsPerSample != _info.BitsPerSample)
        {
            throw new FlacFormatException($"Frame sample size code {sampleSizeCode} differs from the stream's {_info.BitsPerSample} bits.", frameStart);
        }

        int channelCount = channelAssignment switch
        {
            <= 7 => channelAssignment + 1,
            <= 10 => 2,
            _ => throw new FlacFormatException($"Reserved channel assignment {channelAssignment}.", frameStart + 3),
        };
        if (channelCount != _info.Channels)
        {
            throw new FlacFormatException($"Frame has {channelCount} channels; the stream has {_info.Channels}.", frameStart);
        }

        if (blockSize > channels[0].Length)
        {
            throw new FlacFormatException($"Block size {blockSize} exceeds the stream's maximum {channels[0].Length}.", frameStart);
        }

        int headerEnd = reader.BytePosition;
        byte expectedCrc8 = (byte)reader.ReadBits(8);
        byte actualCrc8 = FlacCrc.Crc8(data.AsSpan(frameStart, headerEnd - frameStart));
        if (expectedCrc8 != actualCrc8)
        {
            throw new FlacFormatException($"Frame header CRC-8 mismatch (stored 0x{expectedCrc8:X2}, computed 0x{actualCrc8:X2}).", headerEnd);
        }

        for (int ch = 0; ch < channelCount; ch++)
        {
            // The side channel carries one extra bit.
            bool isSide = (channelAssignment == 8 && ch == 1) || (channelAssignment == 9 && ch == 0) || (channelAssignment == 10 && ch == 1);
            FlacSubframeDecoder.Decode(reader, channels[ch].AsSpan(0, blockSize), bitsPerSample + (isSide ? 1 : 0));
        }

        reader.AlignToByte();
        int crcEnd = reader.BytePosition;
        ushort expectedCrc16 = (ushort)reader.ReadBits(16);
        ushort actualCrc16 = FlacCrc.Crc16(data.AsSpan(frameStart, crcEnd - frameStart));
        if (expectedCrc16 != actualCrc16)
        {
            throw new FlacFormatException($"Frame CRC-16 mismatch (stored 0x{expectedCrc16:X4}, computed 0x{actualCrc16:X4}).", crcEnd);
        }

        Decorrelate(channelAssignment, channels, blockSize);
        return blockSize;
    }

    private static void Decorrelate(int assignment, long[][] channels, int blockSize)
    {
        long[] a = channels[0];
        long[] b = channels.Length > 1 ? channels[1] : a;
        switch (assignment)
        {
            case 8: // left, side: right = left − side
                for (int i = 0; i < blockSize; i++)
                {
                    b[i] = a[i] - b[i];
                }

                break;
            case 9: // side, right: left = side + right
                for (int i = 0; i < blockSize; i++)
                {
                    a[i] += b[i];
                }

                break;
            case 10: // mid, side
                for (int i = 0; i < blockSize; i++)
                {
                    long side = b[i];
                    long mid = (a[i] << 1) | (side & 1);
                    a[i] = (mid + side) >> 1;
                    b[i] = (mid - side) >> 1;
                }

                break;
        }
    }
}
