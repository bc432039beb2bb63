using System.Numerics.Tensors;

namespace NomadMuse.Core.Neural.Conv;

/// <summary>
/// Global average pooling (PyTorch <c>nn.AdaptiveAvgPool2d(1)</c> followed by a flatten): each channel of an NCHW
/// map becomes its mean, <c>[batch, channels, H, W]</c> → <c>[batch, channels]</c>.
/// </summary>
/// <remarks>Not thread-safe: the training path remembers the last shape.</remarks>
public sealed class GlobalAveragePool
{
    private int _planes;
    private int _pixels;

    /// <summary>Averages each channel of one <c>[channels, pixels]</c> map.</summary>
    /// <param name="input">The map.</param>
    /// <param name="channels">Channel count.</param>
    /// <param name="pixels">Height·width.</param>
    /// <param name="output">Receives <c>[channels]</c>.</param>
    /// <remarks>Real-time safe: allocates nothing and takes no lock.</remarks>
    /// <exception cref="ArgumentException">A buffer is too short.</exception>
    public static void Infer(ReadOnlySpan<float> input, int channels, int pixels, Span<float> output)
    {
        ShapeChecks.Positive(channels, nameof(channels));
        ShapeChecks.Positive(pixels, nameof(pixels));
        ShapeChecks.Length(input.Length, (long)channels * pixels, nameof(input), nameof(GlobalAveragePool));
        ShapeChecks.Length(output.Length, channels, nameof(output), nameof(GlobalAveragePool));
        float scale = 1f / pixels;
        for (int c = 0; c < channels; c++)
        {
            output[c] = TensorPrimitives.Sum(input.Slice(c * pixels, pixels)) * scale;
        }
    }

    /// <summary>Training forward over <c>[batch, channels, pixels]</c>.</summary>
    /// <param name="input">The batch.</param>
    /// <param name="batch">Batch size.</param>
    /// <param name="channels">Channel count.</param>
    /// <param name="pixels">Height·width.</param>
    /// <param name="output">Receives <c>[batch, channels]</c>.</param>
    /// <remarks>Allocates nothing; trainer thread only.</remarks>
    /// <exception cref="ArgumentException">A buffer is too short.</exception>
    public void Forward(ReadOnlySpan<float> input, int batch, int channels, int pixels, Span<float> output)
    {
        ShapeChecks.Positive(batch, nameof(batch));
        Infer(input, batch * channels, pixels, output);
        (_planes, _pixels) = (batch * channels, pixels);
    }

    /// <summary>Spreads each output gradient evenly over its channel: ∂input = ∂output / pixels.</summary>
    /// <param name="outputGradient">∂loss/∂output, <c>[batch, channels]</c>.</param>
    /// <param name="inputGradient">Receives ∂loss/∂input (overwritten).</param>
    /// <remarks>Allocates nothing; trainer thread only.</remarks>
    /// <exception cref="InvalidOperationException">No training forward preceded this call.</exception>
    /// <exception cref="ArgumentException">A buffer is too short.</exception>
    public void Backward(ReadOnlySpan<float> outputGradient, Span<float> inputGradient)
    {
        ShapeChecks.ForwardDone(_planes > 0, nameof(GlobalAveragePool));
        ShapeChecks.Length(outputGradient.Length, _planes, nameof(outputGradient), nameof(GlobalAveragePool));
        ShapeChecks.Length(inputGradient.Length, (long)_planes * _pixels, nameof(inputGradient), nameof(GlobalAveragePool));
        float scale = 1f / _pixels;
        for (int p = 0; p < _planes; p++)
        {
            inputGradient.Slice(p * _pixels, _pixels).Fill(outputGradient[p] * scale);
        }
    }
}
