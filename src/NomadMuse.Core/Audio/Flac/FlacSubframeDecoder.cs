namespace NomadMuse.Core.Audio.Flac;

/// <summary>Decodes one FLAC subframe: constant, verbatim, fixed-predictor or LPC, with Rice-coded residuals.</summary>
internal static class FlacSubframeDecoder
{
    public static void Decode(FlacBitReader reader, Span<long> samples, int bitsPerSample)
    {
        int start = reader.BytePosition;
        if (reader.ReadBit())
        {
            throw new FlacFormatException("Subframe padding bit is not zero.", start);
        }

        int type = (int)reader.ReadBits(6);
        int wasted = 0;
        if (reader.ReadBit())
        {
            wasted = (int)reader.ReadUnary() + 1;
            if (wasted >= bitsPerSample)
            {
                throw new FlacFormatException($"{wasted} wasted bits leave nothing of a {bitsPerSample}-bit sample.", start);
            }
        }

        int bits = bitsPerSample - wasted;
        if (type == 0)
        {
            samples.Fill(reader.ReadSignedLong(bits));
        }
        else if (type == 1)
        {
            for (int i = 0; i < samples.Length; i++)
            {
                samples[i] = reader.ReadSignedLong(bits);
            }
        }
        else if (type is >= 8 and <= 12)
        {
            DecodeFixed(reader, samples, bits, type - 8);
        }
        else if (type >= 32)
        {
            DecodeLpc(reader, samples, bits, type - 31);
        }
        else
        {
            throw new FlacFormatException($"Reserved subframe type {type}.", start);
        }

        if (wasted > 0)
        {
            for (int i = 0; i < samples.Length; i++)
            {
                samples[i] <<= wasted;
            }
        }
    }

    private static void DecodeFixed(FlacBitReader reader, Span<long> samples, int bits, int order)
    {
        CheckOrder(reader, samples.Length, order);
        for (int i = 0; i < order; i++)
        {
            samples[i] = reader.ReadSignedLong(bits);
        }

        DecodeResidual(reader, samples, order);
        switch (order)
        {
            case 1:
                for (int i = 1; i < samples.Length; i++)
                {
                    samples[i] += samples[i - 1];
                }

                break;
            case 2:
                for (int i = 2; i < samples.Length; i++)
                {
                    samples[i] += (2 * samples[i - 1]) - samples[i - 2];
                }

                break;
            case 3:
                for (int i = 3; i < samples.Length; i++)
                {
                    samples[i] += (3 * (samples[i - 1] - samples[i - 2])) + samples[i - 3];
                }

                break;
            case 4:
                for (int i = 4; i < samples.Length; i++)
                {
                    samples[i] += (4 * (samples[i - 1] + samples[i - 3])) - (6 * samples[i - 2]) - samples[i - 4];
                }

                break;
        }
    }

    private static void DecodeLpc(FlacBitReader reader, Span<long> samples, int bits, int order)
    {
        CheckOrder(reader, samples.Length, order);
        for (int i = 0; i < order; i++)
        {
            samples[i] = reader.ReadSignedLong(bits);
        }

        int precision = (int)reader.ReadBits(4) + 1;
        if (precision == 16)
        {
            throw new FlacFormatException("Invalid LPC coefficient precision (code 15).", reader.BytePosition);
        }

        int shift = reader.ReadSigned(5);
        if (shift < 0)
        {
            throw new FlacFormatException($"Negative LPC shift {shift}.", reader.BytePosition);
        }

        Span<long> coefficients = stackalloc long[32];
        for (int i = 0; i < order; i++)
        {
            coefficients[i] = reader.ReadSigned(precision);
        }

        DecodeResidual(reader, samples, order);
        for (int i = order; i < samples.Length; i++)
        {
            long sum = 0;
            for (int j = 0; j < order; j++)
            {
                sum += coefficients[j] * samples[i - 1 - j];
            }

            samples[i] += sum >> shift;
        }
    }

    private static void DecodeResidual(FlacBitReader reader, Span<long> samples, int order)
    {
        int start = reader.BytePosition;
        int method = (int)reader.ReadBits(2);
        if (method > 1)
        {
            throw new FlacFormatException($"Reserved residual coding method {method}.", start);
        }

        int parameterBits = method == 0 ? 4 : 5;
        int escape = (1 << parameterBits) - 1;
        int partitionOrder = (int)reader.ReadBits(4);
        int partitions = 1 << partitionOrder;
        if ((samples.Length & (partitions - 1)) != 0 || (samples.Length >> partitionOrder) < order)
        {
            throw new FlacFormatException($"Partition order {partitionOrder} does not fit a block of {samples.Length} samples with predictor order {order}.", start);
        }

        int position = order;
        for (int p = 0; p < partitions; p++)
        {
            int count = (samples.Length >> partitionOrder) - (p == 0 ? order : 0);
            int parameter = (int)reader.ReadBits(parameterBits);
            if (parameter == escape)
            {
                int rawBits = (int)reader.ReadBits(5);
                for (int i = 0; i < count; i++)
                {
                    samples[position++] = reader.ReadSigned(rawBits);
                }
            }
            else
            {
                for (int i = 0; i < count; i++)
                {
                    samples[position++] = reader.ReadRice(parameter);
                }
            }
        }
    }

    private static void CheckOrder(FlacBitReader reader, int blockSize, int order)
    {
        if (order > blockSize)
        {
            throw new FlacFormatException($"Predictor order {order} exceeds the block size {blockSize}.", reader.BytePosition);
        }
    }
}
