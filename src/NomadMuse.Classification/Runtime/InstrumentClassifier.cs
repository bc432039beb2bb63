using NomadMuse.Classification.Data;
using NomadMuse.Classification.Features;
using NomadMuse.Classification.Model;
using NomadMuse.Core.Kernels;
using NomadMuse.Core.Neural.Conv;

namespace NomadMuse.Classification.Runtime;

/// <summary>
/// Classifies 50 ms audio frames of one stream: the real-time front end (<see cref="FrameFeatures"/>, any input rate)
/// and the CNN, in fp32 or INT8, without allocating.
/// </summary>
/// <remarks>
/// <para>One instance per audio stream and thread: it owns the stream's feature history and all scratch memory, so
/// <see cref="ClassifyFrame(ReadOnlySpan{float}, Span{float})"/> takes no lock and allocates nothing. Instances made
/// from the same model share its immutable weights, so creating one per stream is cheap.</para>
/// <para>The CNN runs through <see cref="PackedConvBackbone"/>: direct channel-last 3×3 convolutions, which on these
/// tiny maps (128×5, 64×2, 32×1) beat im2col + GEMM several times over. INT8 (<see cref="UseInt8"/>): conv2 and conv3
/// (96 % of the multiply-adds) run as one batched INT8 product over all output pixels (weights quantised per output
/// channel, each pixel's im2col column quantised with its own scale), the dense layers through
/// <see cref="Int8Gemv"/>; conv1 (one input channel, 9-tap columns) stays fp32.</para>
/// </remarks>
public sealed class InstrumentClassifier
{
    private readonly ClassifierWeights _weights;
    private readonly FrameFeatures _features;
    private readonly float[] _patch = new float[InstrumentClassifierModel.PatchLength];
    private readonly float[] _scratch;
    private readonly float[] _features128 = new float[InstrumentClassifierModel.FeatureCount];
    private readonly float[] _hidden1 = new float[InstrumentClassifierModel.Hidden1];
    private readonly float[] _hidden2 = new float[InstrumentClassifierModel.Hidden2];
    private readonly float[] _outputs = new float[InstrumentClasses.Count + 2];
    private readonly float[] _probabilities = new float[InstrumentClasses.Count];
    private readonly PackedConvBackbone _backbone;
    private readonly QuantizedVector _fc1Vector = new(InstrumentClassifierModel.FeatureCount);
    private readonly QuantizedVector _fc2Vector = new(InstrumentClassifierModel.Hidden1);
    private readonly QuantizedVector _headVector = new(InstrumentClassifierModel.Hidden2);

    /// <summary>Creates a classifier for a stream from a trained model.</summary>
    /// <param name="model">The model (its weights are folded and copied; later changes are not seen).</param>
    /// <param name="inputSampleRate">Sample rate of the frames, in Hz.</param>
    /// <param name="useInt8">Run the INT8 path.</param>
    /// <exception cref="ArgumentOutOfRangeException">The rate is unsupported by the resampler.</exception>
    public InstrumentClassifier(InstrumentClassifierModel model, int inputSampleRate, bool useInt8 = false)
        : this(new ClassifierWeights(model ?? throw new ArgumentNullException(nameof(model))), inputSampleRate, useInt8)
    {
    }

    private InstrumentClassifier(ClassifierWeights weights, int inputSampleRate, bool useInt8)
    {
        _weights = weights;
        UseInt8 = useInt8;
        // Up to 100 ms blocks at 192 kHz.
        _features = new FrameFeatures(FeatureSettings.Default, inputSampleRate, InstrumentClassifierModel.Frames, 19_200, weights.Normalization);
        _backbone = useInt8 ? weights.PackedBackboneInt8 : weights.PackedBackbone;
        _scratch = new float[_backbone.ScratchLength(InstrumentClassifierModel.MelBins, InstrumentClassifierModel.Frames)];
    }

    /// <summary>The embedded default model (trained on FluidR3 GM, real drum kits and speech stand-ins; see docs/models.md) for a stream.</summary>
    /// <param name="inputSampleRate">Sample rate of the frames, in Hz.</param>
    /// <param name="useInt8">Run the INT8 path.</param>
    /// <returns>A new classifier sharing the default weights.</returns>
    /// <exception cref="InvalidOperationException">The embedded model is missing.</exception>
    public static InstrumentClassifier LoadDefault(int inputSampleRate = 44_100, bool useInt8 = false) =>
        new(ClassifierWeights.Default, inputSampleRate, useInt8);

    /// <summary>Loads a model file (.nmm written by <c>train classifier</c>) for a stream.</summary>
    /// <param name="path">The model file.</param>
    /// <param name="inputSampleRate">Sample rate of the frames, in Hz.</param>
    /// <param name="useInt8">Run the INT8 path.</param>
    /// <returns>The classifier.</returns>
    /// <exception cref="NomadMuse.Core.Models.ModelFormatException">The file is not a classifier model.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static InstrumentClassifier Load(string path, int inputSampleRate = 44_100, bool useInt8 = false) =>
        new(new ClassifierWeights(InstrumentClassifierModel.Load(path)), inputSampleRate, useInt8);

    /// <summary>A classifier for another stream (or rate) sharing this one's weights.</summary>
    /// <param name="inputSampleRate">Sample rate of the new stream's frames.</param>
    /// <returns>The new classifier, with empty history.</returns>
    public InstrumentClassifier CreateForStream(int inputSampleRate) => new(_weights, inputSampleRate, UseInt8);

    /// <summary>Sample rate of the frames, in Hz.</summary>
    public int InputSampleRate => _features.InputSampleRate;

    /// <summary>Whether the INT8 path runs.</summary>
    public bool UseInt8 { get; }

    /// <summary>The longest frame accepted, in samples.</summary>
    public int MaxFrameLength => _features.MaxBlockLength;

    /// <summary>Classifies the newest frame of the stream.</summary>
    /// <param name="frame">Mono samples at <see cref="InputSampleRate"/> (the seed's 50 ms; any length up to <see cref="MaxFrameLength"/>).</param>
    /// <param name="probabilities">Receives the 20 class probabilities (index = class id − 1); at least 20 long.</param>
    /// <returns>The decision for this frame.</returns>
    /// <remarks>Real-time safe: allocates nothing, takes no lock. Call from one thread per instance.</remarks>
    /// <exception cref="ArgumentException">The frame is too long or <paramref name="probabilities"/> too short.</exception>
    public FrameClassification ClassifyFrame(ReadOnlySpan<float> frame, Span<float> probabilities)
    {
        if (probabilities.Length < InstrumentClasses.Count)
        {
            throw new ArgumentException($"The probabilities span needs {InstrumentClasses.Count} elements, got {probabilities.Length}.", nameof(probabilities));
        }

        _features.Process(frame, _patch);
        _backbone.Infer(_patch, InstrumentClassifierModel.MelBins, InstrumentClassifierModel.Frames, _features128, _scratch);
        if (UseInt8)
        {
            Int8Gemv.Multiply(_weights.QuantizedFc1, _features128, _fc1Vector, _weights.Fc1.Bias.Value, _hidden1);
            Relu(_hidden1);
            Int8Gemv.Multiply(_weights.QuantizedFc2, _hidden1, _fc2Vector, _weights.Fc2.Bias.Value, _hidden2);
            Relu(_hidden2);
            Int8Gemv.Multiply(_weights.QuantizedHeads, _hidden2, _headVector, _weights.Heads.Bias.Value, _outputs);
        }
        else
        {
            _weights.Fc1.Apply(_features128, _hidden1);
            Relu(_hidden1);
            _weights.Fc2.Apply(_hidden1, _hidden2);
            Relu(_hidden2);
            _weights.Heads.Apply(_hidden2, _outputs);
        }

        int best = Softmax(_outputs.AsSpan(0, InstrumentClasses.Count), probabilities[..InstrumentClasses.Count]);
        double energy = 0;
        foreach (float s in frame)
        {
            energy += s * s;
        }

        float level = frame.Length == 0 || energy <= 1e-12 * frame.Length ? -120f : (float)(10 * Math.Log10(energy / frame.Length));
        return new FrameClassification(best + 1, probabilities[best], Sigmoid(_outputs[InstrumentClasses.Count]),
            Sigmoid(_outputs[InstrumentClasses.Count + 1]), level);
    }

    /// <summary>Classifies the newest frame, discarding the per-class probabilities.</summary>
    /// <param name="frame">Mono samples at <see cref="InputSampleRate"/>.</param>
    /// <returns>The decision.</returns>
    /// <remarks>Real-time safe: allocates nothing, takes no lock. Call from one thread per instance.</remarks>
    /// <exception cref="ArgumentException">The frame is too long.</exception>
    public FrameClassification ClassifyFrame(ReadOnlySpan<float> frame) => ClassifyFrame(frame, _probabilities);

    /// <summary>Forgets the stream's history (e.g. on transport jumps).</summary>
    /// <remarks>Allocates nothing; not concurrently with <see cref="ClassifyFrame(ReadOnlySpan{float})"/>.</remarks>
    public void Reset() => _features.Reset();

    private static void Relu(Span<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Math.Max(values[i], 0f);
        }
    }

    private static int Softmax(ReadOnlySpan<float> logits, Span<float> probabilities)
    {
        int best = 0;
        for (int i = 1; i < logits.Length; i++)
        {
            if (logits[i] > logits[best])
            {
                best = i;
            }
        }

        float max = logits[best], sum = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            probabilities[i] = MathF.Exp(logits[i] - max);
            sum += probabilities[i];
        }

        for (int i = 0; i < logits.Length; i++)
        {
            probabilities[i] /= sum;
        }

        return best;
    }

    private static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));
}
