using System.Reflection;
using NomadMuse.Classification.Data;
using NomadMuse.Classification.Features;
using NomadMuse.Classification.Model;
using NomadMuse.Core.Kernels;
using NomadMuse.Core.Neural;
using NomadMuse.Core.Neural.Conv;

namespace NomadMuse.Classification.Runtime;

/// <summary>
/// The immutable inference form of a trained model, shared by every <see cref="InstrumentClassifier"/> built from it:
/// the backbone with batch norms folded and packed for direct channel-last convolution (fp32, and with conv2/conv3 in
/// INT8), the dense layers, and INT8 copies (per-row scales) of every dense layer.
/// </summary>
internal sealed class ClassifierWeights
{
    /// <summary>Manifest name of the embedded default model.</summary>
    public const string DefaultResourceName = "NomadMuse.Classification.Models.default-classifier.nmm";

    private static readonly Lazy<ClassifierWeights> LazyDefault = new(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);

    public ClassifierWeights(InstrumentClassifierModel model)
    {
        Backbone = model.Backbone.FoldBatchNorm();
        Fc1 = model.Fc1;
        Fc2 = model.Fc2;
        Normalization = model.Normalization;
        Heads = new Linear("heads", InstrumentClassifierModel.Hidden2, InstrumentClasses.Count + 2);
        model.ClassHead.Weight.Value.CopyTo(Heads.Weight.Value, 0);
        model.TypeHead.Weight.Value.CopyTo(Heads.Weight.Value, InstrumentClasses.Count * InstrumentClassifierModel.Hidden2);
        model.ConfidenceHead.Weight.Value.CopyTo(Heads.Weight.Value, (InstrumentClasses.Count + 1) * InstrumentClassifierModel.Hidden2);
        model.ClassHead.Bias.Value.CopyTo(Heads.Bias.Value, 0);
        Heads.Bias.Value[InstrumentClasses.Count] = model.TypeHead.Bias.Value[0];
        Heads.Bias.Value[InstrumentClasses.Count + 1] = model.ConfidenceHead.Bias.Value[0];
        PackedBackbone = new PackedConvBackbone(Backbone);
        PackedBackboneInt8 = new PackedConvBackbone(Backbone, int8: true);
        QuantizedFc1 = QuantizedMatrix.Quantize(Fc1.Weight.Value, Fc1.Outputs, Fc1.Inputs);
        QuantizedFc2 = QuantizedMatrix.Quantize(Fc2.Weight.Value, Fc2.Outputs, Fc2.Inputs);
        QuantizedHeads = QuantizedMatrix.Quantize(Heads.Weight.Value, Heads.Outputs, Heads.Inputs);
    }

    public static ClassifierWeights Default => LazyDefault.Value;

    public ConvBackbone Backbone { get; }

    public Linear Fc1 { get; }

    public Linear Fc2 { get; }

    /// <summary>The three heads as one 64 → 22 layer: 20 class logits, the percussive logit, the confidence logit.</summary>
    public Linear Heads { get; }

    public FeatureNormalization Normalization { get; }

    /// <summary>The folded backbone packed for the real-time fp32 path.</summary>
    public PackedConvBackbone PackedBackbone { get; }

    /// <summary>The same with conv2 and conv3 in INT8 (per-output-channel weights, per-pixel column scales).</summary>
    public PackedConvBackbone PackedBackboneInt8 { get; }

    public QuantizedMatrix QuantizedFc1 { get; }

    public QuantizedMatrix QuantizedFc2 { get; }

    public QuantizedMatrix QuantizedHeads { get; }

    private static ClassifierWeights LoadEmbedded()
    {
        using Stream stream = typeof(ClassifierWeights).Assembly.GetManifestResourceStream(DefaultResourceName)
            ?? throw new InvalidOperationException($"The embedded model '{DefaultResourceName}' is missing from {Assembly.GetExecutingAssembly().GetName().Name}.");
        return new ClassifierWeights(InstrumentClassifierModel.Load(stream));
    }
}
