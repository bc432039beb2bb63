using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace NomadMuse.Core.Training;

/// <summary>
/// Saves and restores everything a run needs to continue bit-for-bit: parameter values, AdamW moments and step
/// count, the trainer's step, its shuffle seed and the state of its <see cref="TrainingRandom"/>.
/// </summary>
/// <remarks>
/// <para>Format (little-endian), version 1:</para>
/// <code>
/// "NMCK" | u32 version=1 | i64 trainerStep | u64 shuffleSeed | u64×4 rngState | i64 optimizerStep
/// | u32 parameterCount | per parameter: u16 nameBytes, UTF-8 name, u8 rank, i32×rank dims,
///   f32×n value, f32×n firstMoment, f32×n secondMoment | u32 CRC-32 of every preceding byte
/// </code>
/// <para>Writes go to a temporary file in the same folder, then replace the target, so a crash never leaves a torn
/// checkpoint. Loading validates everything (checksum, names, shapes) before changing anything. Model files for
/// shipping are a separate format; this one is for resuming training only.</para>
/// </remarks>
public static class TrainingCheckpoint
{
    /// <summary>The version this code writes and reads.</summary>
    public const uint FormatVersion = 1;

    private static ReadOnlySpan<byte> Magic => "NMCK"u8;

    /// <summary>Writes a checkpoint.</summary>
    /// <param name="path">Target file; replaced atomically.</param>
    /// <param name="optimizer">The optimizer (its parameters, values and moments are saved).</param>
    /// <param name="trainerStep">Completed training steps.</param>
    /// <param name="shuffleSeed">The seed of the batch order.</param>
    /// <param name="random">The run's random source (dropout etc.).</param>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Save(string path, AdamW optimizer, long trainerStep, ulong shuffleSeed, TrainingRandom random)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(random);
        using var body = new MemoryStream();
        using (var w = new BinaryWriter(body, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(FormatVersion);
            w.Write(trainerStep);
            w.Write(shuffleSeed);
            Span<ulong> state = stackalloc ulong[4];
            random.GetState(state);
            foreach (ulong s in state)
            {
                w.Write(s);
            }

            w.Write(optimizer.StepCount);
            w.Write((uint)optimizer.Parameters.Count);
            for (int i = 0; i < optimizer.Parameters.Count; i++)
            {
                Parameter p = optimizer.Parameters[i];
                byte[] name = Encoding.UTF8.GetBytes(p.Name);
                if (name.Length > ushort.MaxValue)
                {
                    throw new ArgumentException($"Parameter name '{p.Name[..32]}…' is too long for a checkpoint.", nameof(optimizer));
                }

                w.Write((ushort)name.Length);
                w.Write(name);
                w.Write((byte)p.Shape.Count);
                foreach (int d in p.Shape)
                {
                    w.Write(d);
                }

                WriteFloats(w, p.Value);
                WriteFloats(w, optimizer.FirstMoment(i));
                WriteFloats(w, optimizer.SecondMoment(i));
            }
        }

        uint crc = Crc32.Compute(body.GetBuffer().AsSpan(0, (int)body.Length));
        Span<byte> tail = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(tail, crc);

        string full = System.IO.Path.GetFullPath(path);
        string temp = full + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(body.GetBuffer(), 0, (int)body.Length);
            file.Write(tail);
            file.Flush(flushToDisk: true);
        }

        File.Move(temp, full, overwrite: true);
    }

    /// <summary>Restores a checkpoint into an optimizer (and its parameters) and a random source.</summary>
    /// <param name="path">The file.</param>
    /// <param name="optimizer">Must hold parameters with the same names and shapes, in the same order.</param>
    /// <param name="random">Receives the saved random state.</param>
    /// <returns>The saved trainer step and shuffle seed.</returns>
    /// <exception cref="CheckpointFormatException">The file is malformed, corrupt or for another model.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static (long TrainerStep, ulong ShuffleSeed) Load(string path, AdamW optimizer, TrainingRandom random)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(random);
        byte[] data = File.ReadAllBytes(path);
        var reader = new Reader(data, path);
        if (data.Length < 8 || !data.AsSpan(0, 4).SequenceEqual(Magic))
        {
            throw new CheckpointFormatException("Not a NomadMuse training checkpoint (missing 'NMCK').", path, 0);
        }

        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(data.Length - 4));
        if (Crc32.Compute(data.AsSpan(0, data.Length - 4)) != stored)
        {
            throw new CheckpointFormatException("Checksum mismatch: the file is truncated or corrupt.", path, data.Length - 4);
        }

        reader.Skip(4);
        uint version = reader.UInt32();
        if (version != FormatVersion)
        {
            throw new CheckpointFormatException($"Unsupported version {version} (this code reads {FormatVersion}).", path, 4);
        }

        long trainerStep = reader.Int64();
        ulong shuffleSeed = reader.UInt64();
        Span<ulong> state = stackalloc ulong[4];
        for (int i = 0; i < 4; i++)
        {
            state[i] = reader.UInt64();
        }

        long optimizerStep = reader.Int64();
        long countOffset = reader.Offset;
        uint count = reader.UInt32();
        if (count != optimizer.Parameters.Count || trainerStep < 0 || optimizerStep < 0 || (state[0] | state[1] | state[2] | state[3]) == 0)
        {
            throw new CheckpointFormatException($"Header does not fit this optimizer ({count} parameters saved, {optimizer.Parameters.Count} expected; steps {trainerStep}/{optimizerStep}).", path, countOffset);
        }

        // Read into staging arrays first: a mismatch half-way must not leave the model half-restored.
        var staged = new (float[] Value, float[] M, float[] V)[count];
        for (int i = 0; i < count; i++)
        {
            Parameter p = optimizer.Parameters[i];
            long at = reader.Offset;
            string name = Encoding.UTF8.GetString(reader.Bytes(reader.UInt16()));
            int rank = reader.Byte();
            bool same = name == p.Name && rank == p.Shape.Count;
            for (int d = 0; d < rank; d++)
            {
                int dim = reader.Int32();
                same &= d < p.Shape.Count && dim == p.Shape[d];
            }

            if (!same)
            {
                throw new CheckpointFormatException($"Parameter {i} is '{name}' (rank {rank}) but the model expects {p}.", path, at);
            }

            staged[i] = (reader.Floats(p.Length), reader.Floats(p.Length), reader.Floats(p.Length));
        }

        if (reader.Offset != data.Length - 4)
        {
            throw new CheckpointFormatException("Unexpected bytes after the last parameter.", path, reader.Offset);
        }

        for (int i = 0; i < count; i++)
        {
            staged[i].Value.CopyTo(optimizer.Parameters[i].Value, 0);
            staged[i].M.CopyTo(optimizer.FirstMoment(i), 0);
            staged[i].V.CopyTo(optimizer.SecondMoment(i), 0);
        }

        optimizer.StepCount = optimizerStep;
        random.SetState(state);
        return (trainerStep, shuffleSeed);
    }

    private static void WriteFloats(BinaryWriter w, float[] values)
    {
        if (BitConverter.IsLittleEndian)
        {
            w.Write(MemoryMarshal.AsBytes(values.AsSpan()));
            return;
        }

        foreach (float v in values)
        {
            w.Write(v);
        }
    }

    /// <summary>A bounds-checked little-endian cursor that reports truncation as a format error.</summary>
    private sealed class Reader(byte[] data, string path)
    {
        private readonly int _end = data.Length - 4; // the CRC is not payload

        public long Offset { get; private set; }

        public void Skip(int n) => Take(n);

        public byte Byte() => Take(1)[0];

        public ushort UInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));

        public uint UInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

        public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

        public long Int64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

        public ulong UInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

        public ReadOnlySpan<byte> Bytes(int n) => Take(n);

        public float[] Floats(int n)
        {
            ReadOnlySpan<byte> bytes = Take(checked(n * 4));
            var result = new float[n];
            for (int i = 0; i < n; i++)
            {
                result[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(i * 4, 4));
            }

            return result;
        }

        private ReadOnlySpan<byte> Take(int n)
        {
            if (n < 0 || Offset + n > _end)
            {
                throw new CheckpointFormatException($"Truncated: needed {n} more bytes.", path, Offset);
            }

            ReadOnlySpan<byte> span = data.AsSpan((int)Offset, n);
            Offset += n;
            return span;
        }
    }
}
