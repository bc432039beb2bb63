namespace NomadMuse.Core.Models;

/// <summary>How a <see cref="ModelTensor"/> stores its elements. The numeric values are the on-disk codes.</summary>
public enum ModelTensorType : byte
{
    /// <summary>IEEE 754 single precision, little-endian, row-major.</summary>
    Float32 = 1,

    /// <summary>
    /// Symmetric signed 8-bit values with one fp32 scale per row: element = value × scale[row]. A row is the slice
    /// along the first dimension (for a rank-1 tensor, the whole tensor is one row).
    /// </summary>
    Int8 = 2,
}
