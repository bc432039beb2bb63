using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NomadMuse.Core.Neural.Conv;

/// <summary>
/// Non-overlapping max pooling over NCHW maps (PyTorch <c>nn.MaxPool2d(kernel)</c>, stride = kernel, no padding):
/// sizes that do not divide are floored, so trailing rows or columns are dropped.
/// </summary>
/// <remarks>
/// A kernel of 2×1 pools frequency only, which keeps a 3–5-frame time axis from collapsing to zero after a few
/// blocks. The training path remembers the position of each maximum so the gradient flows to it alone (ties go
/// to the first element in row-major order; a NaN wins, as in PyTorch). Not thread-safe.
/// </remarks>
public sealed class MaxPool2d
{
    private int[] _argMax = [];
    private int _inputLength;
    private int _outputLength;

    /// <summary>Creates a pool with the given window, which is also its stride.</summary>
    /// <param name="kernelHeight">Window height; the default 2.</param>
    /// <param name="kernelWidth">Window width; the default 2.</param>
    /// <exception cref="ArgumentOutOfRangeException">A side is not positive.</exception>
    public MaxPool2d(int kernelHeight = 2, int kernelWidth = 2)
    {
        ShapeChecks.Positive(kernelHeight, nameof(kernelHeight));
        ShapeChecks.Positive(kernelWidth, nameof(kernelWidth));
        KernelHeight = kernelHeight;
        KernelWidth = kernelWidth;
    }

    /// <summary>Window (and stride) height.</summary>
    public int KernelHeight { get; }

    /// <summary>Window (and stride) width.</summary>
    public int KernelWidth { get; }

    /// <summary>The output height, <c>⌊height / kernelHeight⌋</c>.</summary>
    /// <param name="height">Input height.</param>
    public int OutputHeight(int height) => height / KernelHeight;

    /// <summary>The output width, <c>⌊width / kernelWidth⌋</c>.</summary>
    /// <param name="width">Input width.</param>
    public int OutputWidth(int width) => width / KernelWidth;

    /// <summary>Pools one <c>[channels, height, width]</c> map.</summary>
    /// <param name="input">The map.</param>
    /// <param name="channels">Channel count.</param>
    /// <param name="height">Input height.</param>
    /// <param name="width">Input width.</param>
    /// <param name="output">Receives <c>[channels, outH, outW]</c>.</param>
    /// <remarks>Real-time safe: allocates nothing and takes no lock.</remarks>
    /// <exception cref="ArgumentException">A buffer is too short or the map is smaller than the window.</exception>
    public void Infer(ReadOnlySpan<float> input, int channels, int height, int width, Span<float> output) =>
        Pool(input, channels, height, width, output, []);

    /// <summary>Training forward over <c>[batch, channels, height, width]</c>, remembering each maximum's position.</summary>
    /// <param name="input">The batch.</param>
    /// <param name="batch">Batch size.</param>
    /// <param name="channels">Channel count.</param>
    /// <param name="height">Input height.</param>
    /// <param name="width">Input width.</param>
    /// <param name="output">Receives <c>[batch, channels, outH, outW]</c>.</param>
    /// <remarks>Allocates when the batch grows; trainer thread only.</remarks>
    /// <exception cref="ArgumentException">A buffer is too short or the map is smaller than the window.</exception>
    public void Forward(ReadOnlySpan<float> input, int batch, int channels, int height, int width, Span<float> output)
    {
        ShapeChecks.Positive(batch, nameof(batch));
        ShapeChecks.Positive(channels, nameof(channels));
        long outputLength = (long)batch * channels * OutputHeight(height) * OutputWidth(width);
        if (_argMax.Length < outputLength)
        {
            _argMax = new int[outputLength];
        }

        Pool(input, batch * channels, height, width, output, _argMax);
        _inputLength = batch * channels * height * width;
        _outputLength = (int)outputLength;
    }

    /// <summary>Routes each output gradient to the input element that was the maximum; other inputs get zero.</summary>
    /// <param name="outputGradient">∂loss/∂output of the last <see cref="Forward"/>.</param>
    /// <param name="inputGradient">Receives ∂loss/∂input (overwritten).</param>
    /// <remarks>Allocates nothing; trainer thread only.</remarks>
    /// <exception cref="InvalidOperationException">No training forward preceded this call.</exception>
    /// <exception cref="ArgumentException">A buffer is too short.</exception>
    public void Backward(ReadOnlySpan<float> outputGradient, Span<float> inputGradient)
    {
        ShapeChecks.ForwardDone(_outputLength > 0, nameof(MaxPool2d));
        ShapeChecks.Length(outputGradient.Length, _outputLength, nameof(outputGradient), nameof(MaxPool2d));
        ShapeChecks.Length(inputGradient.Length, _inputLength, nameof(inputGradient), nameof(MaxPool2d));
        inputGradient[.._inputLength].Clear();
        for (int i = 0; i < _outputLength; i++)
        {
            inputGradient[_argMax[i]] += outputGradient[i];
        }
    }

    // Planes are pooled independently, so a batch is just batch·channels planes.
    private void Pool(ReadOnlySpan<float> input, int planes, int height, int width, Span<float> output, Span<int> argMax)
    {
        ShapeChecks.Positive(planes, nameof(planes));
        ShapeChecks.Positive(height, nameof(height));
        ShapeChecks.Positive(width, nameof(width));
        int outH = OutputHeight(height), outW = OutputWidth(width);
        if (outH == 0 || outW == 0)
        {
            throw new ArgumentException($"MaxPool2d: a {height}×{width} map is smaller than the {KernelHeight}×{KernelWidth} window.");
        }

        ShapeChecks.Length(input.Length, (long)planes * height * width, nameof(input), nameof(MaxPool2d));
        ShapeChecks.Length(output.Length, (long)planes * outH * outW, nameof(output), nameof(MaxPool2d));
        bool remember = !argMax.IsEmpty;
        if (remember)
        {
            ShapeChecks.Length(argMax.Length, (long)planes * outH * outW, nameof(argMax), nameof(MaxPool2d));
        }

        // Bounds were checked above; index through refs so the window loops carry no range checks.
        ref float source = ref MemoryMarshal.GetReference(input);
        ref float target = ref MemoryMarshal.GetReference(output);
        ref int positions = ref MemoryMarshal.GetReference(argMax);
        int o = 0;
        for (int p = 0; p < planes; p++)
        {
            int plane = p * height * width;
            for (int oy = 0; oy < outH; oy++)
            {
                for (int ox = 0; ox < outW; ox++, o++)
                {
                    int best = plane + (oy * KernelHeight * width) + (ox * KernelWidth);
                    float bestValue = Unsafe.Add(ref source, best);
                    for (int ky = 0; ky < KernelHeight; ky++)
                    {
                        int row = plane + (((oy * KernelHeight) + ky) * width) + (ox * KernelWidth);
                        for (int kx = 0; kx < KernelWidth; kx++)
                        {
                            float v = Unsafe.Add(ref source, row + kx);

                            // A NaN wins and stays (v > NaN is false), as PyTorch propagates it.
                            if (v > bestValue || float.IsNaN(v))
                            {
                                bestValue = v;
                                best = row + kx;
                            }
                        }
                    }

                    Unsafe.Add(ref target, o) = bestValue;
                    if (remember)
                    {
                        Unsafe.Add(ref positions, o) = best;
                    }
                }
            }
        }
    }
}
