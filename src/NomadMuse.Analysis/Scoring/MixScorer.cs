using System.Reflection;
using NomadMuse.Core.Models;
using NomadMuse.Core.Neural;
using NomadMuse.Core.Training;

namespace NomadMuse.Analysis.Scoring;

/// <summary>
/// The small MLP of seed §3.4.3 (about 10k parameters): from a mix's band deviations, stereo and dynamics figures it
/// scores every <see cref="MixFix"/> by how likely that fix undoes what is wrong. It was trained on real mixes with
/// known, injected damage (see docs/analysis.md, "Suggestion scorer"); the rules stay the source of amounts and
/// explanations, the scorer ranks and confirms them.
/// </summary>
/// <remarks>
/// Layers: Linear(23→96) → ReLU → Linear(96→64) → ReLU → Linear(64→19) → softmax. <see cref="Score(ReadOnlySpan{float}, Span{float})"/>
/// reads the weights only, so one instance may be used from any number of threads; it allocates nothing.
/// </remarks>
public sealed class MixScorer : ITrainable
{
    /// <summary>The architecture string written to and checked in model files.</summary>
    public const string Architecture = "nomadmuse-mix-scorer";

    private const string ResourceName = "NomadMuse.Analysis.MixScorer.nmm";
    private const int MaxHidden = 1024;
    private static readonly Lazy<MixScorer?> Embedded = new(LoadEmbedded);

    private readonly Linear _hidden1;
    private readonly Linear _hidden2;
    private readonly Linear _output;
    private readonly Activation _relu1 = new(ActivationKind.Relu);
    private readonly Activation _relu2 = new(ActivationKind.Relu);
    private float[] _a1 = [], _h1 = [], _a2 = [], _h2 = [], _g1 = [], _g2 = [];

    /// <summary>Creates an untrained scorer (weights zero until <see cref="Initialize"/> or loading).</summary>
    /// <param name="hidden1">Width of the first hidden layer, 1–1024.</param>
    /// <param name="hidden2">Width of the second hidden layer, 1–1024.</param>
    /// <exception cref="ArgumentOutOfRangeException">A width is out of range.</exception>
    public MixScorer(int hidden1 = 96, int hidden2 = 64)
    {
        if (hidden1 is < 1 or > MaxHidden)
        {
            throw new ArgumentOutOfRangeException(nameof(hidden1), hidden1, $"The hidden width must be 1–{MaxHidden}.");
        }

        if (hidden2 is < 1 or > MaxHidden)
        {
            throw new ArgumentOutOfRangeException(nameof(hidden2), hidden2, $"The hidden width must be 1–{MaxHidden}.");
        }

        _hidden1 = new Linear("hidden1", FeatureCount, hidden1);
        _hidden2 = new Linear("hidden2", hidden1, hidden2);
        _output = new Linear("output", hidden2, MixFixes.Count);
        Parameters = [.. _hidden1.Parameters, .. _hidden2.Parameters, .. _output.Parameters];
        Metrics = new Dictionary<string, double>(StringComparer.Ordinal);
    }

    /// <summary>The number of input features.</summary>
    public static int FeatureCount => ScorerFeatures.Count;

    /// <summary>
    /// The scorer embedded in this package, or <see langword="null"/> if the build carries none. Loaded once, on
    /// first use.
    /// </summary>
    public static MixScorer? Default => Embedded.Value;

    /// <summary>The trainable parameters (weights and biases of the three layers).</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>The total number of weights and biases.</summary>
    public int ParameterCount => Parameters.Sum(p => p.Length);

    /// <summary>Width of the first hidden layer.</summary>
    public int Hidden1 => _hidden1.Outputs;

    /// <summary>Width of the second hidden layer.</summary>
    public int Hidden2 => _hidden2.Outputs;

    /// <summary>Figures recorded at training time (held-out precision, recall, accuracy…), by name.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; private set; }

    /// <summary>Initialises the weights (uniform ±1/√fan-in, as PyTorch's <c>nn.Linear</c>).</summary>
    /// <param name="random">The random source.</param>
    public void Initialize(TrainingRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        _hidden1.Initialize(random);
        _hidden2.Initialize(random);
        _output.Initialize(random);
    }

    /// <summary>Scores one feature vector.</summary>
    /// <param name="features"><see cref="FeatureCount"/> features.</param>
    /// <param name="probabilities">Receives <see cref="MixFixes.Count"/> probabilities (softmax).</param>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    /// <remarks>Any thread; allocates nothing (scratch on the stack).</remarks>
    public void Score(ReadOnlySpan<float> features, Span<float> probabilities)
    {
        if (features.Length != FeatureCount || probabilities.Length != MixFixes.Count)
        {
            throw new ArgumentException($"Expected {FeatureCount} features and {MixFixes.Count} outputs, got {features.Length} and {probabilities.Length}.", nameof(features));
        }

        Span<float> h1 = stackalloc float[Hidden1];
        Span<float> h2 = stackalloc float[Hidden2];
        _hidden1.Apply(features, h1);
        _relu1.Apply(h1, h1);
        _hidden2.Apply(h1, h2);
        _relu2.Apply(h2, h2);
        _output.Apply(h2, probabilities);
        System.Numerics.Tensors.TensorPrimitives.SoftMax(probabilities, probabilities);
    }

    /// <summary>Scores the features of a report.</summary>
    /// <param name="report">A report from <see cref="MixAnalyzer.Report"/>.</param>
    /// <returns>The probabilities of every fix.</returns>
    public FixScores Score(MixReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        Span<float> features = stackalloc float[FeatureCount];
        report.WriteScorerFeatures(features);
        Span<float> p = stackalloc float[MixFixes.Count];
        Score(features, p);
        return new FixScores(p);
    }

    /// <summary>Saves the weights, hidden widths and <paramref name="metrics"/> as a NomadMuse model file (.nmm).</summary>
    /// <param name="path">Destination (written to a temporary file, then moved).</param>
    /// <param name="metrics">Figures to record, e.g. held-out precision; null for none.</param>
    public void Save(string path, IReadOnlyDictionary<string, double>? metrics = null)
    {
        var metadata = new ModelMetadata(Architecture) { CreatedUtc = DateTimeOffset.UtcNow };
        metadata.Hyperparameters["features"] = FeatureCount;
        metadata.Hyperparameters["hidden1"] = Hidden1;
        metadata.Hyperparameters["hidden2"] = Hidden2;
        metadata.Hyperparameters["fixes"] = MixFixes.Count;
        foreach (var (name, value) in metrics ?? Metrics)
        {
            metadata.Metrics[name] = value;
        }

        var file = new ModelFile(metadata);
        file.AddParameters(Parameters);
        file.Save(path);
    }

    /// <summary>Loads a scorer saved by <see cref="Save"/>.</summary>
    /// <param name="path">The .nmm file.</param>
    /// <returns>The scorer.</returns>
    /// <exception cref="ModelFormatException">The file is not a scorer of this version (architecture, sizes, tensors).</exception>
    public static MixScorer Load(string path) => FromModelFile(ModelFile.Load(path));

    /// <summary>Reads a scorer from a stream holding a .nmm file.</summary>
    /// <param name="stream">The stream (read to its end; not closed).</param>
    /// <returns>The scorer.</returns>
    /// <exception cref="ModelFormatException">The content is not a scorer of this version.</exception>
    public static MixScorer Read(Stream stream) => FromModelFile(ModelFile.Read(stream));

    private static MixScorer FromModelFile(ModelFile file)
    {
        if (file.Metadata.Architecture != Architecture)
        {
            throw new ModelFormatException($"architecture is '{file.Metadata.Architecture}', expected '{Architecture}'");
        }

        long Hyper(string name) => file.Metadata.Hyperparameters.TryGetValue(name, out long v)
            ? v
            : throw new ModelFormatException($"hyperparameter '{name}' is missing");
        if (Hyper("features") != FeatureCount || Hyper("fixes") != MixFixes.Count)
        {
            throw new ModelFormatException($"the file scores {Hyper("fixes")} fixes from {Hyper("features")} features; this library uses {MixFixes.Count} from {FeatureCount}");
        }

        long h1 = Hyper("hidden1"), h2 = Hyper("hidden2");
        if (h1 is < 1 or > MaxHidden || h2 is < 1 or > MaxHidden)
        {
            throw new ModelFormatException($"hidden widths {h1} and {h2} are outside 1–{MaxHidden}");
        }

        var scorer = new MixScorer((int)h1, (int)h2);
        file.CopyToParameters(scorer.Parameters);
        scorer.Metrics = new Dictionary<string, double>(file.Metadata.Metrics, StringComparer.Ordinal);
        return scorer;
    }

    private static MixScorer? LoadEmbedded()
    {
        using Stream? stream = typeof(MixScorer).Assembly.GetManifestResourceStream(ResourceName);
        return stream is null ? null : Read(stream);
    }

    /// <summary>Training forward pass over <paramref name="rows"/> feature rows; writes logits and caches activations.</summary>
    internal void Forward(ReadOnlySpan<float> features, int rows, Span<float> logits)
    {
        Span<float> a1 = Ensure(ref _a1, rows * Hidden1).AsSpan(0, rows * Hidden1);
        Span<float> h1 = Ensure(ref _h1, rows * Hidden1).AsSpan(0, rows * Hidden1);
        Span<float> a2 = Ensure(ref _a2, rows * Hidden2).AsSpan(0, rows * Hidden2);
        Span<float> h2 = Ensure(ref _h2, rows * Hidden2).AsSpan(0, rows * Hidden2);
        _hidden1.Forward(features, a1);
        _relu1.Forward(a1, h1);
        _hidden2.Forward(h1, a2);
        _relu2.Forward(a2, h2);
        _output.Forward(h2, logits);
    }

    private static float[] Ensure(ref float[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new float[length];
        }

        return buffer;
    }

    /// <summary>Accumulates parameter gradients from dL/dlogits of the last <see cref="Forward"/>.</summary>
    internal void Backward(ReadOnlySpan<float> gradLogits, int rows)
    {
        Span<float> g2 = Ensure(ref _g2, rows * Hidden2).AsSpan(0, rows * Hidden2);
        Span<float> g1 = Ensure(ref _g1, rows * Hidden1).AsSpan(0, rows * Hidden1);
        _output.Backward(gradLogits, g2);
        _relu2.Backward(g2, g2);
        _hidden2.Backward(g2, g1);
        _relu1.Backward(g1, g1);
        _hidden1.Backward(g1, default);
    }
}
