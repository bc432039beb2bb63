using System.Text;

namespace NomadMuse.Core.Models;

/// <summary>
/// One named tensor of a <see cref="ModelFile"/>: its shape and its elements, stored as fp32 or as INT8 with one fp32
/// scale per row.
/// </summary>
/// <remarks>
/// Immutable: the factories copy what they are given, and the views (<see cref="Float32Values"/>,
/// <see cref="Int8Values"/>, <see cref="RowScales"/>) are read-only. Safe to read from any thread.
/// </remarks>
public sealed class ModelTensor
{
    /// <summary>The largest rank the file format stores.</summary>
    public const int MaxRank = 8;

    /// <summary>The longest name, in UTF-8 bytes, the file format stores.</summary>
    public const int MaxNameBytes = 1024;

    /// <summary>The most elements one tensor may have (its fp32 data must fit in 2 GiB).</summary>
    public const int MaxElements = int.MaxValue / sizeof(float);

    private readonly int[] _shape;
    private readonly float[]? _values;
    private readonly sbyte[]? _quantized;
    private readonly float[]? _scales;

    private ModelTensor(string name, int[] shape, float[]? values, sbyte[]? quantized, float[]? scales)
    {
        Name = name;
        _shape = shape;
        _values = values;
        _quantized = quantized;
        _scales = scales;
        Length = values?.Length ?? quantized!.Length;
        RowCount = RowsOf(shape);
        RowLength = Length / RowCount;
    }

    /// <summary>The tensor's name, unique within its file.</summary>
    public string Name { get; }

    /// <summary>How the elements are stored.</summary>
    public ModelTensorType Type => _values is not null ? ModelTensorType.Float32 : ModelTensorType.Int8;

    /// <summary>The dimensions, outermost first.</summary>
    public ReadOnlySpan<int> Shape => _shape;

    /// <summary>The number of dimensions.</summary>
    public int Rank => _shape.Length;

    /// <summary>The element count (the product of the dimensions).</summary>
    public int Length { get; }

    /// <summary>The number of rows: the first dimension, or 1 for a rank-1 tensor.</summary>
    public int RowCount { get; }

    /// <summary>The elements per row.</summary>
    public int RowLength { get; }

    /// <summary>The shape as text, e.g. <c>[768×256]</c>.</summary>
    public string ShapeText => FormatShape(_shape);

    /// <summary>The fp32 elements, row-major.</summary>
    /// <exception cref="InvalidOperationException">The tensor is stored as <see cref="ModelTensorType.Int8"/>.</exception>
    public ReadOnlySpan<float> Float32Values =>
        _values ?? throw new InvalidOperationException($"Tensor '{Name}' is stored as INT8; use {nameof(CopyTo)} to dequantize it.");

    /// <summary>The quantized elements, row-major.</summary>
    /// <exception cref="InvalidOperationException">The tensor is stored as <see cref="ModelTensorType.Float32"/>.</exception>
    public ReadOnlySpan<sbyte> Int8Values =>
        _quantized ?? throw new InvalidOperationException($"Tensor '{Name}' is stored as fp32, not INT8.");

    /// <summary>The per-row scales of an INT8 tensor (<see cref="RowCount"/> of them).</summary>
    /// <exception cref="InvalidOperationException">The tensor is stored as <see cref="ModelTensorType.Float32"/>.</exception>
    public ReadOnlySpan<float> RowScales =>
        _scales ?? throw new InvalidOperationException($"Tensor '{Name}' is stored as fp32 and has no row scales.");

    /// <summary>Creates an fp32 tensor from a copy of <paramref name="values"/>.</summary>
    /// <param name="name">A non-empty name of at most <see cref="MaxNameBytes"/> UTF-8 bytes.</param>
    /// <param name="shape">1 to <see cref="MaxRank"/> positive dimensions.</param>
    /// <param name="values">Exactly as many elements as the shape holds, row-major.</param>
    /// <exception cref="ArgumentException">The name, shape or element count is invalid.</exception>
    public static ModelTensor FromFloat32(string name, ReadOnlySpan<int> shape, ReadOnlySpan<float> values)
    {
        int[] dims = ValidateShape(name, shape);
        int count = CountOf(dims);
        if (values.Length != count)
        {
            throw new ArgumentException($"Tensor '{name}' of shape {FormatShape(dims)} needs {count} values, got {values.Length}.", nameof(values));
        }

        return new ModelTensor(name, dims, values.ToArray(), null, null);
    }

    /// <summary>Creates an INT8 tensor from copies of its quantized values and per-row scales.</summary>
    /// <param name="name">A non-empty name of at most <see cref="MaxNameBytes"/> UTF-8 bytes.</param>
    /// <param name="shape">1 to <see cref="MaxRank"/> positive dimensions.</param>
    /// <param name="values">Exactly as many elements as the shape holds, row-major.</param>
    /// <param name="rowScales">One finite scale per row (the first dimension; 1 for a rank-1 tensor).</param>
    /// <exception cref="ArgumentException">The name, shape, element count or a scale is invalid.</exception>
    public static ModelTensor FromInt8(string name, ReadOnlySpan<int> shape, ReadOnlySpan<sbyte> values, ReadOnlySpan<float> rowScales)
    {
        int[] dims = ValidateShape(name, shape);
        int count = CountOf(dims);
        if (values.Length != count)
        {
            throw new ArgumentException($"Tensor '{name}' of shape {FormatShape(dims)} needs {count} values, got {values.Length}.", nameof(values));
        }

        int rows = RowsOf(dims);
        if (rowScales.Length != rows)
        {
            throw new ArgumentException($"Tensor '{name}' of shape {FormatShape(dims)} has {rows} rows, got {rowScales.Length} scales.", nameof(rowScales));
        }

        for (int i = 0; i < rowScales.Length; i++)
        {
            if (!float.IsFinite(rowScales[i]))
            {
                throw new ArgumentException($"Tensor '{name}': row scale {i} is {rowScales[i]}; scales must be finite.", nameof(rowScales));
            }
        }

        return new ModelTensor(name, dims, null, values.ToArray(), rowScales.ToArray());
    }

    /// <summary>Writes the elements as fp32 into <paramref name="destination"/>, dequantizing an INT8 tensor.</summary>
    /// <param name="destination">At least <see cref="Length"/> elements.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    public void CopyTo(Span<float> destination)
    {
        if (destination.Length < Length)
        {
            throw new ArgumentException($"Tensor '{Name}' has {Length} elements; the destination holds {destination.Length}.", nameof(destination));
        }

        if (_values is not null)
        {
            _values.CopyTo(destination);
            return;
        }

        for (int row = 0; row < RowCount; row++)
        {
            float scale = _scales![row];
            int start = row * RowLength;
            for (int i = 0; i < RowLength; i++)
            {
                destination[start + i] = _quantized![start + i] * scale;
            }
        }
    }

    /// <summary>Returns the elements as a new fp32 array, dequantizing an INT8 tensor.</summary>
    /// <returns>A new array of <see cref="Length"/> elements.</returns>
    public float[] ToFloatArray()
    {
        var result = new float[Length];
        CopyTo(result);
        return result;
    }

    /// <summary>Whether the shape is exactly <paramref name="shape"/>.</summary>
    /// <param name="shape">The dimensions to compare with.</param>
    /// <returns><see langword="true"/> when rank and every dimension match.</returns>
    public bool HasShape(ReadOnlySpan<int> shape) => shape.SequenceEqual(_shape);

    /// <inheritdoc/>
    public override string ToString() => $"{Name} {Type} {ShapeText}";

    internal static ModelTensor AdoptFloat32(string name, int[] shape, float[] values) => new(name, shape, values, null, null);

    internal static ModelTensor AdoptInt8(string name, int[] shape, sbyte[] values, float[] scales) => new(name, shape, null, values, scales);

    internal float[]? RawFloat32 => _values;

    internal sbyte[]? RawInt8 => _quantized;

    internal float[]? RawScales => _scales;

    internal int[] RawShape => _shape;

    internal static string FormatShape(ReadOnlySpan<int> shape)
    {
        var text = new StringBuilder("[");
        for (int i = 0; i < shape.Length; i++)
        {
            if (i > 0)
            {
                text.Append('×');
            }

            text.Append(shape[i]);
        }

        return text.Append(']').ToString();
    }

    internal static int RowsOf(ReadOnlySpan<int> shape) => shape.Length == 1 ? 1 : shape[0];

    internal static int CountOf(ReadOnlySpan<int> shape)
    {
        long count = 1;
        foreach (int d in shape)
        {
            count *= d;
        }

        return (int)count;
    }

    /// <summary>Returns the element count, or -1 when a dimension is not positive or the count exceeds <see cref="MaxElements"/>.</summary>
    internal static long CheckedCount(ReadOnlySpan<int> shape)
    {
        long count = 1;
        foreach (int d in shape)
        {
            if (d <= 0)
            {
                return -1;
            }

            count *= d;
            if (count > MaxElements)
            {
                return -1;
            }
        }

        return count;
    }

    private static int[] ValidateShape(string name, ReadOnlySpan<int> shape)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (Encoding.UTF8.GetByteCount(name) > MaxNameBytes)
        {
            throw new ArgumentException($"Tensor name '{name}' is longer than {MaxNameBytes} UTF-8 bytes.", nameof(name));
        }

        if (shape.Length is 0 or > MaxRank)
        {
            throw new ArgumentException($"Tensor '{name}' has rank {shape.Length}; the file format stores ranks 1 to {MaxRank}.", nameof(shape));
        }

        if (CheckedCount(shape) < 0)
        {
            throw new ArgumentException($"Tensor '{name}' has shape {FormatShape(shape)}: every dimension must be positive and there may be at most {MaxElements} elements.", nameof(shape));
        }

        return shape.ToArray();
    }
}
