using NomadMuse.Classification.Data;
using NomadMuse.Classification.Features;
using NomadMuse.Core.Models;
using NomadMuse.Core.Neural;
using NomadMuse.Core.Neural.Conv;
using NomadMuse.Core.Training;

namespace NomadMuse.Classification.Model;

/// <summary>
/// The instrument classifier CNN of seed §3.3.1 on a <c>[1, 128, 5]</c> log-mel patch: three conv blocks (32/64/128
/// filters, 3×3, batch norm, ReLU, max pool 2×2, 2×2, 2×1) → global average pool → FC 256 (ReLU, dropout 0.3) →
/// FC 64 (ReLU) → heads: 20 class logits, 1 percussive logit, 1 confidence logit (144,087 trainable parameters).
/// Holds the per-band feature normalisation fitted on the training data.
/// </summary>
/// <remarks>
/// Training (<see cref="Forward"/>/<see cref="Backward"/>) is single-threaded and caches activations in the layers.
/// For inference use <c>Runtime.InstrumentClassifier</c>, which folds the batch norms and owns its scratch.
/// </remarks>
public sealed class InstrumentClassifierModel : ITrainable
{
    /// <summary>The architecture name stored in model files.</summary>
    public const string ArchitectureName = "nomadmuse-instrument-cnn";

    /// <summary>Mel bands (patch height).</summary>
    public const int MelBins = 128;

    /// <summary>Frames per patch (patch width).</summary>
    public const int Frames = 5;

    /// <summary>Patch length in floats.</summary>
    public const int PatchLength = MelBins * Frames;

    /// <summary>Width of the global-average-pooled feature vector.</summary>
    public const int FeatureCount = 128;

    /// <summary>Units of the first dense layer.</summary>
    public const int Hidden1 = 256;

    /// <summary>Units of the second dense layer.</summary>
    public const int Hidden2 = 64;

    /// <summary>Dropout after the first dense layer (training only).</summary>
    public const float DropoutRate = 0.3f;

    private static readonly int[] PoolWidths = [2, 2, 1];
    private readonly Parameter[] _parameters;
    private readonly Dropout _dropout;
    private float[] _features = [], _h1 = [], _d1 = [], _h2 = [], _gradA = [], _gradB = [], _gradC = [];
    private int _batch;

    /// <summary>Creates a model; <paramref name="seed"/> initialises the weights (He-uniform convs, PyTorch-default dense layers).</summary>
    /// <param name="seed">Initialisation and dropout seed.</param>
    public InstrumentClassifierModel(ulong seed = 1)
    {
        Random = new TrainingRandom(seed);
        Backbone = ConvBackbone.CreateSeedClassifier(new Random((int)(seed & 0x7FFFFFFF)), PoolWidths);
        Fc1 = new Linear("fc1", FeatureCount, Hidden1);
        Fc2 = new Linear("fc2", Hidden1, Hidden2);
        ClassHead = new Linear("head_class", Hidden2, InstrumentClasses.Count);
        TypeHead = new Linear("head_type", Hidden2, 1);
        ConfidenceHead = new Linear("head_confidence", Hidden2, 1);
        foreach (Linear layer in DenseLayers)
        {
            layer.Initialize(Random);
        }

        _dropout = new Dropout(DropoutRate, Random);
        Normalization = FeatureNormalization.Identity(MelBins);
        _parameters = [.. Backbone.Parameters, .. DenseLayers.SelectMany(l => l.Parameters)];
    }

    /// <summary>The convolutional feature extractor (unfolded batch norms).</summary>
    public ConvBackbone Backbone { get; }

    /// <summary>FC 128 → 256.</summary>
    public Linear Fc1 { get; }

    /// <summary>FC 256 → 64.</summary>
    public Linear Fc2 { get; }

    /// <summary>64 → 20 instrument logits (class id = index + 1).</summary>
    public Linear ClassHead { get; }

    /// <summary>64 → 1 percussive logit (sigmoid > 0.5 = percussive).</summary>
    public Linear TypeHead { get; }

    /// <summary>64 → 1 confidence logit (sigmoid ≈ the probability the class decision is right).</summary>
    public Linear ConfidenceHead { get; }

    /// <summary>The dense layers in order: FC1, FC2, class, type, confidence heads.</summary>
    public IReadOnlyList<Linear> DenseLayers => [Fc1, Fc2, ClassHead, TypeHead, ConfidenceHead];

    /// <summary>Per-band standardisation applied to the log-mel patch before the CNN.</summary>
    public FeatureNormalization Normalization { get; set; }

    /// <summary>The model's random source (dropout masks; pass it to the trainer so checkpoints save it).</summary>
    public TrainingRandom Random { get; }

    /// <inheritdoc/>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>Trainable parameter count.</summary>
    public int ParameterCount => _parameters.Sum(p => p.Length);

    /// <summary>Training forward on <paramref name="batch"/> normalised patches.</summary>
    /// <param name="patches"><c>[batch, 1, 128, 5]</c>.</param>
    /// <param name="batch">Items.</param>
    /// <param name="classLogits">Receives <c>[batch, 20]</c>.</param>
    /// <param name="typeLogits">Receives <c>[batch]</c>.</param>
    /// <param name="confidenceLogits">Receives <c>[batch]</c>.</param>
    /// <exception cref="ArgumentException">A buffer has the wrong length.</exception>
    public void Forward(ReadOnlySpan<float> patches, int batch, Span<float> classLogits, Span<float> typeLogits, Span<float> confidenceLogits)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        if (patches.Length != batch * PatchLength)
        {
            throw new ArgumentException($"Expected {batch}×{PatchLength} patch values, got {patches.Length}.", nameof(patches));
        }

        _batch = batch;
        Span<float> features = Ensure(ref _features, batch * FeatureCount);
        Span<float> h1 = Ensure(ref _h1, batch * Hidden1);
        Span<float> d1 = Ensure(ref _d1, batch * Hidden1);
        Span<float> h2 = Ensure(ref _h2, batch * Hidden2);
        Backbone.Forward(patches, batch, MelBins, Frames, features);
        Fc1.Forward(features, h1);
        ReluInPlace(h1);
        _dropout.Forward(h1, d1);
        Fc2.Forward(d1, h2);
        ReluInPlace(h2);
        ClassHead.Forward(h2, classLogits);
        TypeHead.Forward(h2, typeLogits);
        ConfidenceHead.Forward(h2, confidenceLogits);
    }

    /// <summary>Backpropagates the head gradients of the last <see cref="Forward"/>, accumulating parameter gradients.</summary>
    /// <param name="classGradient">∂L/∂class logits.</param>
    /// <param name="typeGradient">∂L/∂type logits.</param>
    /// <param name="confidenceGradient">∂L/∂confidence logits.</param>
    /// <exception cref="InvalidOperationException">No forward pass preceded this call.</exception>
    public void Backward(ReadOnlySpan<float> classGradient, ReadOnlySpan<float> typeGradient, ReadOnlySpan<float> confidenceGradient)
    {
        if (_batch == 0)
        {
            throw new InvalidOperationException("Backward needs a preceding Forward.");
        }

        int batch = _batch;
        Span<float> g2 = Ensure(ref _gradA, batch * Hidden2);
        Span<float> tmp = Ensure(ref _gradB, batch * Hidden2);
        ClassHead.Backward(classGradient, g2);
        TypeHead.Backward(typeGradient, tmp);
        Add(tmp, g2);
        ConfidenceHead.Backward(confidenceGradient, tmp);
        Add(tmp, g2);
        ReluBackward(_h2.AsSpan(0, batch * Hidden2), g2);
        Span<float> g1 = Ensure(ref _gradC, batch * Hidden1);
        Fc2.Backward(g2, g1);
        _dropout.Backward(g1, g1);
        ReluBackward(_h1.AsSpan(0, batch * Hidden1), g1);
        Span<float> gf = Ensure(ref _gradB, batch * FeatureCount);
        Fc1.Backward(g1, gf);
        if (!Backbone.Parameters[0].Frozen)
        {
            Backbone.Backward(gf, []);
        }
    }

    /// <summary>Sets <see cref="Parameter.Frozen"/> on every backbone parameter (the drum-specialisation phase trains only the dense layers).</summary>
    /// <param name="frozen">Whether the backbone is frozen.</param>
    public void FreezeBackbone(bool frozen)
    {
        foreach (Parameter p in Backbone.Parameters)
        {
            p.Frozen = frozen;
        }
    }

    /// <summary>Builds the model file: every parameter, the batch-norm running statistics and the feature normalisation.</summary>
    /// <returns>The file (fp32 tensors, about 580 KB).</returns>
    public ModelFile ToModelFile()
    {
        var metadata = new ModelMetadata(ArchitectureName) { CreatedUtc = DateTimeOffset.UtcNow };
        metadata.Hyperparameters["mel_bins"] = MelBins;
        metadata.Hyperparameters["frames"] = Frames;
        metadata.Hyperparameters["classes"] = InstrumentClasses.Count;
        metadata.Hyperparameters["hidden1"] = Hidden1;
        metadata.Hyperparameters["hidden2"] = Hidden2;
        var file = new ModelFile(metadata);
        file.AddParameters(_parameters);
        foreach (ConvBlock block in Backbone.Blocks)
        {
            BatchNorm2d norm = block.Norm!;
            file.Add(ModelTensor.FromFloat32(norm.Name + ".running_mean", [norm.Channels], norm.RunningMean));
            file.Add(ModelTensor.FromFloat32(norm.Name + ".running_var", [norm.Channels], norm.RunningVariance));
        }

        var mean = new float[MelBins];
        var std = new float[MelBins];
        for (int m = 0; m < MelBins; m++)
        {
            mean[m] = Normalization.GetMean(m);
            std[m] = Normalization.GetStd(m);
        }

        file.Add(ModelTensor.FromFloat32("features.mean", [MelBins], mean));
        file.Add(ModelTensor.FromFloat32("features.std", [MelBins], std));
        return file;
    }

    /// <summary>Writes the model to a .nmm file (temp file + move).</summary>
    /// <param name="path">Target path.</param>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void Save(string path) => ToModelFile().Save(path);

    /// <summary>Loads a model written by <see cref="Save"/>.</summary>
    /// <param name="path">The .nmm file.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ModelFormatException">The file is malformed, of another architecture, or a tensor is missing or misshapen.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static InstrumentClassifierModel Load(string path) => FromModelFile(ModelFile.Load(path));

    /// <summary>Loads a model from a stream.</summary>
    /// <param name="stream">The .nmm bytes.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ModelFormatException">The data is malformed or of another architecture.</exception>
    public static InstrumentClassifierModel Load(Stream stream) => FromModelFile(ModelFile.Read(stream));

    /// <summary>The trained default model embedded in this assembly (the one <c>InstrumentClassifier.LoadDefault</c> runs).</summary>
    /// <returns>A fresh copy of it (for export, fine-tuning or inspection).</returns>
    /// <exception cref="InvalidOperationException">This build carries no embedded model.</exception>
    public static InstrumentClassifierModel LoadDefault()
    {
        using Stream stream = typeof(InstrumentClassifierModel).Assembly.GetManifestResourceStream(Runtime.ClassifierWeights.DefaultResourceName)
            ?? throw new InvalidOperationException($"The embedded model '{Runtime.ClassifierWeights.DefaultResourceName}' is missing from NomadMuse.Classification.");
        return Load(stream);
    }

    /// <summary>Builds a model from a loaded file.</summary>
    /// <param name="file">The file.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ModelFormatException">Another architecture, or a tensor is missing or misshapen.</exception>
    public static InstrumentClassifierModel FromModelFile(ModelFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Metadata.Architecture != ArchitectureName)
        {
            throw new ModelFormatException($"The model file is a '{file.Metadata.Architecture}', not a '{ArchitectureName}'.");
        }

        var model = new InstrumentClassifierModel();
        file.CopyToParameters(model._parameters);
        foreach (ConvBlock block in model.Backbone.Blocks)
        {
            BatchNorm2d norm = block.Norm!;
            file.GetTensor(norm.Name + ".running_mean", [norm.Channels]).CopyTo(norm.RunningMean);
            file.GetTensor(norm.Name + ".running_var", [norm.Channels]).CopyTo(norm.RunningVariance);
        }

        float[] mean = file.GetTensor("features.mean", [MelBins]).ToFloatArray();
        float[] std = file.GetTensor("features.std", [MelBins]).ToFloatArray();
        model.Normalization = new FeatureNormalization(mean, std);
        return model;
    }

    private static Span<float> Ensure(ref float[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new float[length];
        }

        return buffer.AsSpan(0, length);
    }

    private static void ReluInPlace(Span<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Math.Max(values[i], 0f);
        }
    }

    private static void ReluBackward(ReadOnlySpan<float> activations, Span<float> gradient)
    {
        for (int i = 0; i < gradient.Length; i++)
        {
            if (activations[i] <= 0f)
            {
                gradient[i] = 0f;
            }
        }
    }

    private static void Add(ReadOnlySpan<float> source, Span<float> target)
    {
        for (int i = 0; i < target.Length; i++)
        {
            target[i] += source[i];
        }
    }
}
