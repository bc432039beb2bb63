using System.Numerics.Tensors;
using NomadMuse.Core.Kernels;
using NomadMuse.Core.Neural;

namespace NomadMuse.Generation.Model;

/// <summary>
/// Batched training passes of a <see cref="Linear"/> layer through the GEMM kernels. <see cref="Linear.Forward"/>
/// runs one GEMV per row so it matches the inference step bit for bit; the transformer's wide layers need the
/// blocked GEMM instead (results then match <see cref="Linear.Apply"/> to rounding, not bit for bit).
/// </summary>
internal static class GemmLinear
{
    /// <summary>Y = X·Wᵀ + b for X [rows × in], Y [rows × out]; the caller keeps X for <see cref="Backward"/>.</summary>
    public static void Forward(Linear layer, ReadOnlySpan<float> x, int rows, Span<float> y, int parallelism)
    {
        int n = layer.Outputs;
        Gemm.MultiplyTransposedB(x, layer.Weight.Value, y, rows, layer.Inputs, n, degreeOfParallelism: parallelism);
        ReadOnlySpan<float> bias = layer.Bias.Value;
        for (int r = 0; r < rows; r++)
        {
            Span<float> row = y.Slice(r * n, n);
            TensorPrimitives.Add(row, bias, row);
        }
    }

    /// <summary>dW += dYᵀ·X, db += Σ dY, and dX = dY·W (overwritten) unless <paramref name="gx"/> is empty.</summary>
    public static void Backward(Linear layer, ReadOnlySpan<float> gy, ReadOnlySpan<float> x, int rows, Span<float> gx, int parallelism)
    {
        int n = layer.Outputs, k = layer.Inputs;
        Gemm.MultiplyTransposedA(gy, x, layer.Weight.Gradient, n, rows, k, accumulate: true, degreeOfParallelism: parallelism);
        Span<float> gb = layer.Bias.Gradient;
        for (int r = 0; r < rows; r++)
        {
            TensorPrimitives.Add(gb, gy.Slice(r * n, n), gb);
        }

        if (!gx.IsEmpty)
        {
            Gemm.Multiply(gy, layer.Weight.Value, gx, rows, n, k, degreeOfParallelism: parallelism);
        }
    }
}
