using System.Numerics.Tensors;
using NomadMuse.Core.Training;

namespace NomadMuse.Core.Neural.Conv;

/// <summary>
/// Per-channel batch normalisation over NCHW maps with PyTorch <c>nn.BatchNorm2d</c> semantics: training
/// normalises with the batch statistics and updates the running ones; inference uses the running statistics.
/// </summary>
/// <remarks>
/// The running variance is updated with the unbiased batch variance and normalisation uses the biased one, as in
/// PyTorch: <c>running = (1 − momentum)·running + momentum·batch</c>. For deployment, <see cref="FoldInto"/>
/// merges the layer into the preceding convolution. An instance is not thread-safe.
/// </remarks>
public sealed class BatchNorm2d : ITrainable
{
    private readonly Parameter[] _parameters;
    private readonly float[] _inverseStd;
    private float[] _normalized = [];
    private int _batch;
    private int _pixels;

    /// <summary>Creates a batch norm with γ = 1, β = 0, running mean 0 and running variance 1.</summary>
    /// <param name="name">Parameter-name prefix (e.g. <c>conv1.1</c>), giving <c>.weight</c> (γ) and <c>.bias</c> (β).</param>
    /// <param name="channels">Channel count.</param>
    /// <param name="momentum">Running-statistics momentum; the default 0.1.</param>
    /// <param name="epsilon">Added to the variance; the default 1e-5.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range.</exception>
    public BatchNorm2d(string name, int channels, float momentum = 0.1f, float epsilon = 1e-5f)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ShapeChecks.Positive(channels, nameof(channels));
        if (!(momentum >= 0f && momentum <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "Momentum must be in [0, 1].");
        }

        if (!(epsilon > 0f))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "Epsilon must be positive.");
        }

        Name = name;
        Channels = channels;
        Momentum = momentum;
        Epsilon = epsilon;
        Gamma = new Parameter(name + ".weight", channels) { DecayWeights = false };
        Beta = new Parameter(name + ".bias", channels) { DecayWeights = false };
        Gamma.Value.AsSpan().Fill(1f);
        RunningMean = new float[channels];
        RunningVariance = new float[channels];
        RunningVariance.AsSpan().Fill(1f);
        _inverseStd = new float[channels];
        _parameters = [Gamma, Beta];
    }

    /// <summary>The parameter-name prefix; running statistics are stored as <c>.running_mean</c> and <c>.running_var</c>.</summary>
    public string Name { get; }

    /// <summary>Channel count.</summary>
    public int Channels { get; }

    /// <summary>Running-statistics momentum.</summary>
    public float Momentum { get; }

    /// <summary>Variance epsilon.</summary>
    public float Epsilon { get; }

    /// <summary>The scale γ, <c>[channels]</c>.</summary>
    public Parameter Gamma { get; }

    /// <summary>The shift β, <c>[channels]</c>.</summary>
    public Parameter Beta { get; }

    /// <summary>Running mean per channel (a buffer, not trained by gradient; load it with the model).</summary>
    public float[] RunningMean { get; }

    /// <summary>Running (unbiased) variance per channel.</summary>
    public float[] RunningVariance { get; }

    /// <inheritdoc/>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>Normalises one <c>[channels, pixels]</c> map with the running statistics.</summary>
    /// <param name="input">The map, channel-major.</param>
    /// <param name="pixels">Height·width.</param>
    /// <param name="output">Receives the result; may be the same memory as <paramref name="input"/>.</param>
    /// <remarks>Real-time safe: allocates nothing and takes no lock.</remarks>
    /// <exception cref="ArgumentException">A buffer is too short.</exception>
    public void Infer(ReadOnlySpan<float> input, int pixels, Span<float> output)
    {
        ShapeChecks.Positive(pixels, nameof(pixels));
        ShapeChecks.Length(input.Length, (long)Channels * pixels, nameof(input), Name);
        ShapeChecks.Length(output.Length, (long)Channels * pixels, nameof(output), Name);
        for (int c = 0; c < Channels; c++)
        {
            float scale = Gamma.Value[c] / MathF.Sqrt(RunningVariance[c] + Epsilon);
            float shift = Beta.Value[c] - (RunningMean[c] * scale);
            Span<float> y = output.Slice(c * pixels, pixels);
            TensorPrimitives.Multiply(input.Slice(c * pixels, pixels), scale, y);
            TensorPrimitives.Add(y, shift, y);
        }
    }

    /// <summary>
    /// Training forward over <c>[batch, channels, pixels]</c>: normalises with the batch statistics, updates the
    /// running statistics and caches what <see cref="Backward"/> needs.
    /// </summary>
    /// <param name="input">The batch, NCHW.</param>
    /// <param name="batch">Batch size.</param>
    /// <param name="pixels">Height·width.</param>
    /// <param name="output">Receives the result; may be the same memory as <paramref name="input"/>.</param>
    /// <remarks>Allocates when the batch grows; trainer thread only.</remarks>
    /// <exception cref="ArgumentException">A buffer is too short or a channel has a single value (no variance).</exception>
    public void Forward(ReadOnlySpan<float> input, int batch, int pixels, Span<float> output)
    {
        ShapeChecks.Positive(batch, nameof(batch));
        ShapeChecks.Positive(pixels, nameof(pixels));
        long total = (long)batch * Channels * pixels;
        ShapeChecks.Length(input.Length, total, nameof(input), Name);
        ShapeChecks.Length(output.Length, total, nameof(output), Name);
        int count = batch * pixels;
        if (count < 2)
        {
            throw new ArgumentException($"{Name}: training needs more than one value per channel, got batch {batch} × {pixels} pixels.", nameof(batch));
        }

        if (_normalized.Length < total)
        {
            _normalized = new float[total];
        }

        int stride = Channels * pixels;
        for (int c = 0; c < Channels; c++)
        {
            double sum = 0;
            for (int n = 0; n < batch; n++)
            {
                sum += TensorPrimitives.Sum(input.Slice((n * stride) + (c * pixels), pixels));
            }

            float mean = (float)(sum / count);
            double squares = 0;
            for (int n = 0; n < batch; n++)
            {
                ReadOnlySpan<float> x = input.Slice((n * stride) + (c * pixels), pixels);
                for (int i = 0; i < x.Length; i++)
                {
                    double d = x[i] - mean;
                    squares += d * d;
                }
            }

            float variance = (float)(squares / count);
            float inverseStd = 1f / MathF.Sqrt(variance + Epsilon);
            _inverseStd[c] = inverseStd;
            RunningMean[c] = ((1f - Momentum) * RunningMean[c]) + (Momentum * mean);
            RunningVariance[c] = ((1f - Momentum) * RunningVariance[c]) + (Momentum * (float)(squares / (count - 1)));

            float gamma = Gamma.Value[c], beta = Beta.Value[c];
            for (int n = 0; n < batch; n++)
            {
                int offset = (n * stride) + (c * pixels);
                Span<float> xHat = _normalized.AsSpan(offset, pixels);
                TensorPrimitives.Subtract(input.Slice(offset, pixels), mean, xHat);
                TensorPrimitives.Multiply(xHat, inverseStd, xHat);
                Span<float> y = output.Slice(offset, pixels);
                TensorPrimitives.Multiply(xHat, gamma, y);
                TensorPrimitives.Add(y, beta, y);
            }
        }

        (_batch, _pixels) = (batch, pixels);
    }

    /// <summary>Accumulates γ and β gradients and writes the input gradient of the last <see cref="Forward"/>.</summary>
    /// <param name="outputGradient">∂loss/∂output, <c>[batch, channels, pixels]</c>.</param>
    /// <param name="inputGradient">Receives ∂loss/∂input (overwritten); may alias <paramref name="outputGradient"/>.</param>
    /// <remarks>Trainer thread only; allocates nothing.</remarks>
    /// <exception cref="InvalidOperationException">No training forward preceded this call.</exception>
    /// <exception cref="ArgumentException">A buffer is too short.</exception>
    public void Backward(ReadOnlySpan<float> outputGradient, Span<float> inputGradient)
    {
        ShapeChecks.ForwardDone(_batch > 0, Name);
        long total = (long)_batch * Channels * _pixels;
        ShapeChecks.Length(outputGradient.Length, total, nameof(outputGradient), Name);
        ShapeChecks.Length(inputGradient.Length, total, nameof(inputGradient), Name);
        int stride = Channels * _pixels;
        int count = _batch * _pixels;
        for (int c = 0; c < Channels; c++)
        {
            double sumDy = 0, sumDyXHat = 0;
            for (int n = 0; n < _batch; n++)
            {
                int offset = (n * stride) + (c * _pixels);
                ReadOnlySpan<float> dy = outputGradient.Slice(offset, _pixels);
                sumDy += TensorPrimitives.Sum(dy);
                sumDyXHat += TensorPrimitives.Dot(dy, _normalized.AsSpan(offset, _pixels));
            }

            Gamma.Gradient[c] += (float)sumDyXHat;
            Beta.Gradient[c] += (float)sumDy;

            // dx = γ·σ⁻¹·(dy − mean(dy) − x̂·mean(dy·x̂)): the batch statistics depend on every input.
            float scale = Gamma.Value[c] * _inverseStd[c];
            float meanDy = (float)(sumDy / count);
            float meanDyXHat = (float)(sumDyXHat / count);
            for (int n = 0; n < _batch; n++)
            {
                int offset = (n * stride) + (c * _pixels);
                ReadOnlySpan<float> dy = outputGradient.Slice(offset, _pixels);
                ReadOnlySpan<float> xHat = _normalized.AsSpan(offset, _pixels);
                Span<float> dx = inputGradient.Slice(offset, _pixels);
                for (int i = 0; i < dx.Length; i++)
                {
                    dx[i] = scale * (dy[i] - meanDy - (xHat[i] * meanDyXHat));
                }
            }
        }
    }

    /// <summary>
    /// Returns a new convolution equal to <paramref name="conv"/> followed by this layer in inference mode
    /// (BN folded at export): <c>W′ = W·γ/√(var+ε)</c>, <c>b′ = (b − mean)·γ/√(var+ε) + β</c>.
    /// </summary>
    /// <param name="conv">The convolution feeding this layer; it is not modified.</param>
    /// <returns>The folded convolution, with the same name, geometry and parameter names as <paramref name="conv"/>.</returns>
    /// <exception cref="ArgumentException">The convolution's output channels differ from <see cref="Channels"/>.</exception>
    public Conv2d FoldInto(Conv2d conv)
    {
        ArgumentNullException.ThrowIfNull(conv);
        if (conv.OutChannels != Channels)
        {
            throw new ArgumentException($"{Name}: cannot fold {Channels} channels into '{conv.Name}' with {conv.OutChannels} output channels.", nameof(conv));
        }

        var folded = new Conv2d(conv.Name, conv.InChannels, conv.OutChannels, conv.KernelSize, conv.Padding);
        int filter = conv.InChannels * conv.KernelSize * conv.KernelSize;
        for (int o = 0; o < Channels; o++)
        {
            double scale = Gamma.Value[o] / Math.Sqrt((double)RunningVariance[o] + Epsilon);
            for (int i = 0; i < filter; i++)
            {
                folded.Weight.Value[(o * filter) + i] = (float)(conv.Weight.Value[(o * filter) + i] * scale);
            }

            folded.Bias.Value[o] = (float)(((conv.Bias.Value[o] - (double)RunningMean[o]) * scale) + Beta.Value[o]);
        }

        return folded;
    }
}
