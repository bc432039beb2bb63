using NomadMuse.Core.Neural;
using NomadMuse.Core.Onnx;

namespace NomadMuse.Classification.Model;

/// <summary>
/// Exports an <see cref="InstrumentClassifierModel"/> to ONNX: input <c>input</c> [N, 1, 128, 5] (the patch
/// <em>after</em> <see cref="InstrumentClassifierModel.Normalization"/>), outputs <c>class_logits</c> [N, 20],
/// <c>type_logit</c> [N, 1] (percussive when &gt; 0) and <c>confidence_logit</c> [N, 1]. Batch norm is folded into the
/// convolutions; dropout is absent (inference).
/// </summary>
/// <remarks>
/// The per-mel-bin normalisation stays outside the graph so the exported network is exactly the one the managed
/// engine runs; its means and deviations are written to the model's metadata (<c>normalization_mean</c>,
/// <c>normalization_std</c>, comma-separated) for a host that feeds ONNX Runtime itself.
/// </remarks>
public static class InstrumentClassifierOnnx
{
    /// <summary>Builds the ONNX model.</summary>
    /// <param name="model">The trained classifier.</param>
    /// <returns>The serialised <c>.onnx</c> bytes.</returns>
    public static byte[] Export(InstrumentClassifierModel model) => CreateWriter(model).ToArray();

    /// <summary>Writes the ONNX model to a file (temp file, then move).</summary>
    /// <param name="model">The trained classifier.</param>
    /// <param name="path">Destination <c>.onnx</c> path.</param>
    public static void Save(InstrumentClassifierModel model, string path) => CreateWriter(model).Save(path);

    private static OnnxModelWriter CreateWriter(InstrumentClassifierModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var writer = OnnxConvExport.CreateClassifier(
            model.Backbone,
            [new OnnxDenseLayer(model.Fc1, ActivationKind.Relu), new OnnxDenseLayer(model.Fc2, ActivationKind.Relu)],
            [
                new OnnxOutputHead("class_logits", [new OnnxDenseLayer(model.ClassHead)]),
                new OnnxOutputHead("type_logit", [new OnnxDenseLayer(model.TypeHead)]),
                new OnnxOutputHead("confidence_logit", [new OnnxDenseLayer(model.ConfidenceHead)]),
            ],
            InstrumentClassifierModel.MelBins,
            InstrumentClassifierModel.Frames);
        writer.MetadataProps["normalization_mean"] = Join(model, std: false);
        writer.MetadataProps["normalization_std"] = Join(model, std: true);
        return writer;
    }

    private static string Join(InstrumentClassifierModel model, bool std) => string.Join(',',
        Enumerable.Range(0, InstrumentClassifierModel.MelBins).Select(m =>
            (std ? model.Normalization.GetStd(m) : model.Normalization.GetMean(m)).ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
}
