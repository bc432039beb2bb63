using System.Runtime.CompilerServices;

namespace NomadMuse.Core.Kernels;

/// <summary>
/// An INT8 weight matrix: symmetric per-output-row quantisation <c>W[r, k] ≈ Scales[r] · q[r, k]</c> with
/// <c>Scales[r] = max_k |W[r, k]| / 127</c> and <c>q</c> in [−127, 127], stored in the packed panel layout that
/// <see cref="Int8Gemv"/> reads, plus each row's integer sum for the VNNI offset correction.
/// </summary>
/// <remarks>
/// <para><b>Packed layout.</b> Rows are grouped into panels of <see cref="PanelRows"/> (16); columns are padded
/// with zeros to a multiple of 4 (<see cref="PaddedColumns"/>). Within a panel, for each group g of 4 columns the
/// 64 bytes are row-major 16 × 4: byte <c>(panel·G + g)·64 + row·4 + j</c> holds <c>q[panel·16 + row, 4g + j]</c>,
/// where G = PaddedColumns / 4. One 512-bit load therefore carries 4 consecutive k for 16 rows: exactly the operand
/// shape of VPDPBUSD (and of VPMADDUBSW + VPMADDWD), so each 32-bit lane accumulates one output row and no
/// horizontal reduction is needed. Padding rows and columns are zero.</para>
/// <para>Immutable after construction; safe to share across threads.</para>
/// </remarks>
public sealed class QuantizedMatrix
{
    /// <summary>Rows per packed panel (the 32-bit lanes of one 512-bit accumulator).</summary>
    public const int PanelRows = 16;

    /// <summary>The largest column count; keeps every 32-bit accumulator (including the +128 offset of the VNNI path) from overflowing.</summary>
    public const int MaxColumns = 65536;

    private readonly sbyte[] _packed;
    private readonly float[] _scales;
    private readonly int[] _rowSums;

    private QuantizedMatrix(int rows, int columns)
    {
        Rows = rows;
        Columns = columns;
        PaddedColumns = (columns + 3) & ~3;
        Panels = (rows + PanelRows - 1) / PanelRows;
        _packed = new sbyte[(long)Panels * PanelRows * PaddedColumns];
        _scales = new float[Panels * PanelRows];
        _rowSums = new int[Panels * PanelRows];
    }

    /// <summary>Output rows.</summary>
    public int Rows { get; }

    /// <summary>Input columns (the length of the vectors it multiplies).</summary>
    public int Columns { get; }

    /// <summary><see cref="Columns"/> rounded up to a multiple of 4.</summary>
    public int PaddedColumns { get; }

    /// <summary>Per-row dequantisation scales (<see cref="Rows"/> values; 0 for an all-zero row).</summary>
    public ReadOnlySpan<float> Scales => _scales.AsSpan(0, Rows);

    /// <summary>Per-row sums of the int8 weights (<see cref="Rows"/> values).</summary>
    public ReadOnlySpan<int> RowSums => _rowSums.AsSpan(0, Rows);

    internal int Panels { get; }

    internal ReadOnlySpan<sbyte> Packed => _packed;

    internal ReadOnlySpan<float> PaddedScales => _scales;

    internal ReadOnlySpan<int> PaddedRowSums => _rowSums;

    /// <summary>Quantises fp32 weights (row-major <c>[rows × columns]</c>), one scale per row.</summary>
    /// <param name="weights">The weights, at least <c>rows·columns</c> finite values.</param>
    /// <param name="rows">Rows (outputs), at least 1.</param>
    /// <param name="columns">Columns (inputs), 1 to <see cref="MaxColumns"/>.</param>
    /// <returns>The quantised matrix.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is out of range.</exception>
    /// <exception cref="ArgumentException"><paramref name="weights"/> is too short or holds a NaN or infinity.</exception>
    public static QuantizedMatrix Quantize(ReadOnlySpan<float> weights, int rows, int columns)
    {
        ValidateShape(rows, columns);
        KernelGuard.Length(weights.Length, (long)rows * columns, nameof(weights));
        var m = new QuantizedMatrix(rows, columns);
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = weights.Slice(r * columns, columns);
            float max = 0f;
            for (int k = 0; k < columns; k++)
            {
                float v = row[k];
                if (!float.IsFinite(v))
                {
                    throw new ArgumentException($"Weight [{r}, {k}] is {v}; only finite weights can be quantised.", nameof(weights));
                }

                max = Math.Max(max, Math.Abs(v));
            }

            float scale = max / 127f;
            m._scales[r] = scale;
            if (scale == 0f)
            {
                continue; // all-zero row: q = 0, scale = 0
            }

            float inverse = 127f / max;
            int sum = 0;
            for (int k = 0; k < columns; k++)
            {
                int q = Math.Clamp((int)MathF.Round(row[k] * inverse), -127, 127);
                m.PackedRef(r, k) = (sbyte)q;
                sum += q;
            }

            m._rowSums[r] = sum;
        }

        return m;
    }

    /// <summary>Builds a matrix from weights that are already quantised (e.g. read from a model file).</summary>
    /// <param name="quantized">Row-major <c>[rows × columns]</c> int8 weights in [−127, 127].</param>
    /// <param name="scales">One non-negative finite scale per row.</param>
    /// <param name="rows">Rows (outputs), at least 1.</param>
    /// <param name="columns">Columns (inputs), 1 to <see cref="MaxColumns"/>.</param>
    /// <returns>The matrix.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is out of range.</exception>
    /// <exception cref="ArgumentException">A span is too short, a weight is −128, or a scale is negative or not finite.</exception>
    public static QuantizedMatrix FromQuantized(ReadOnlySpan<sbyte> quantized, ReadOnlySpan<float> scales, int rows, int columns)
    {
        ValidateShape(rows, columns);
        KernelGuard.Length(quantized.Length, (long)rows * columns, nameof(quantized));
        KernelGuard.Length(scales.Length, rows, nameof(scales));
        var m = new QuantizedMatrix(rows, columns);
        for (int r = 0; r < rows; r++)
        {
            float scale = scales[r];
            if (!float.IsFinite(scale) || scale < 0f)
            {
                throw new ArgumentException($"Scale of row {r} is {scale}; scales must be finite and non-negative.", nameof(scales));
            }

            m._scales[r] = scale;
            int sum = 0;
            for (int k = 0; k < columns; k++)
            {
                sbyte q = quantized[(r * columns) + k];
                if (q == sbyte.MinValue)
                {
                    // −128 has no negation in int8, which the sign trick of the VPMADDUBSW paths needs.
                    throw new ArgumentException($"Weight [{r}, {k}] is −128; symmetric int8 weights lie in [−127, 127].", nameof(quantized));
                }

                m.PackedRef(r, k) = q;
                sum += q;
            }

            m._rowSums[r] = sum;
        }

        return m;
    }

    /// <summary>Copies the int8 weights out, row-major <c>[Rows × Columns]</c> (the layout <see cref="FromQuantized"/> takes).</summary>
    /// <param name="destination">At least <c>Rows·Columns</c> elements.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    public void CopyQuantizedTo(Span<sbyte> destination)
    {
        KernelGuard.Length(destination.Length, (long)Rows * Columns, nameof(destination));
        for (int r = 0; r < Rows; r++)
        {
            for (int k = 0; k < Columns; k++)
            {
                destination[(r * Columns) + k] = PackedRef(r, k);
            }
        }
    }

    /// <summary>Writes <c>Scales[r] · q[r, k]</c>, row-major <c>[Rows × Columns]</c>.</summary>
    /// <param name="destination">At least <c>Rows·Columns</c> elements.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    public void Dequantize(Span<float> destination)
    {
        KernelGuard.Length(destination.Length, (long)Rows * Columns, nameof(destination));
        for (int r = 0; r < Rows; r++)
        {
            float scale = _scales[r];
            for (int k = 0; k < Columns; k++)
            {
                destination[(r * Columns) + k] = scale * PackedRef(r, k);
            }
        }
    }

    private static void ValidateShape(int rows, int columns)
    {
        if (rows < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), rows, "A quantised matrix needs at least one row.");
        }

        if (columns < 1 || columns > MaxColumns)
        {
            throw new ArgumentOutOfRangeException(nameof(columns), columns, $"A quantised matrix needs 1 to {MaxColumns} columns.");
        }

        if ((long)((rows + PanelRows - 1) / PanelRows) * PanelRows * ((columns + 3) & ~3) > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), rows, $"A [{rows} × {columns}] matrix is too large for one array.");
        }
    }

    private ref sbyte PackedRef(int row, int column)
    {
        int panel = row / PanelRows;
        int groups = PaddedColumns / 4;
        long index = ((((long)panel * groups) + (column >> 2)) * 64) + ((row % PanelRows) * 4) + (column & 3);
        return ref Unsafe.Add(ref _packed[0], (nint)index);
    }
}
