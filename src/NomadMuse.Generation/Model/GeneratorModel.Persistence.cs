using NomadMuse.Core.Kernels;
using NomadMuse.Core.Models;
using NomadMuse.Core.Training;

namespace NomadMuse.Generation.Model;

/// <summary>Saving to and loading from NomadMuse model files (<c>.nmm</c>).</summary>
public sealed partial class GeneratorModel
{
    /// <summary>Packs the configuration, the vocabulary and the weights into a model file.</summary>
    /// <remarks>
    /// Hyperparameters: vocab, embedding, hidden, attention_head, attention_window, instruments, track_types. An fp32
    /// model writes every tensor as fp32. A quantised model (<see cref="IsQuantized"/>) writes its weight matrices as
    /// INT8 tensors with per-row scales (the same names and shapes) and everything else as fp32, and sets
    /// <c>extra.quantization</c> to <c>int8-symmetric-per-row</c>; readers that know nothing of it still load the file,
    /// dequantised to fp32.
    /// </remarks>
    public ModelFile ToModelFile()
    {
        var file = GeneratorFileLayout.Create(Architecture, Config.Dropout, ("embedding", Config.EmbeddingSize), ("hidden", Config.HiddenSize));
        if (_int8 is null)
        {
            file.AddParameters(Parameters);
            return file;
        }

        file.Metadata.Extra["quantization"] = QuantizationScheme;
        foreach (var p in Parameters)
        {
            if (_int8.TryGet(p.Name, out var m))
            {
                var q = new sbyte[m.Rows * m.Columns];
                m.CopyQuantizedTo(q);
                file.Add(ModelTensor.FromInt8(p.Name, [.. p.Shape], q, m.Scales));
            }
            else
            {
                file.Add(ModelTensor.FromFloat32(p.Name, [.. p.Shape], p.Value));
            }
        }

        return file;
    }

    /// <summary>The <c>extra.quantization</c> value of an INT8 generator file.</summary>
    public const string QuantizationScheme = "int8-symmetric-per-row";

    /// <summary>Writes the model to <paramref name="path"/> (temp file + move).</summary>
    public void Save(string path) => ToModelFile().Save(path);

    /// <summary>Loads a generator from a model file on disk.</summary>
    /// <exception cref="ModelFormatException">The file is damaged or holds another architecture or vocabulary.</exception>
    public static GeneratorModel Load(string path) => FromModelFile(ModelFile.Load(path));

    /// <summary>Rebuilds a generator from a parsed model file; a file with INT8 tensors gives a quantised model.</summary>
    /// <exception cref="ModelFormatException">
    /// The architecture string, a fixed hyperparameter, the vocabulary or a tensor shape does not match this layout.
    /// </exception>
    public static GeneratorModel FromModelFile(ModelFile file)
    {
        float dropout = GeneratorFileLayout.CheckShared(file, Architecture);
        var meta = file.Metadata;
        long e = GeneratorFileLayout.Required(meta, "embedding"), h = GeneratorFileLayout.Required(meta, "hidden");
        if (e is < 1 or > 4096 || h is < 1 or > 4096)
        {
            throw new ModelFormatException($"hyperparameters out of range: embedding {e}, hidden {h} (each must be 1–4096)");
        }

        var model = new GeneratorModel(new GeneratorConfig((int)e, (int)h, dropout), new TrainingRandom(0));
        file.CopyToParameters(model.Parameters);
        if (file.Tensors.Any(t => t.Type == ModelTensorType.Int8))
        {
            // The stored integers and scales are used as they are (no re-quantisation); a matrix stored as fp32 in
            // an otherwise INT8 file is quantised here.
            model.AttachInt8(p =>
            {
                var t = file.GetTensor(p.Name);
                try
                {
                    return t.Type == ModelTensorType.Int8
                        ? QuantizedMatrix.FromQuantized(t.Int8Values, t.RowScales, p.Shape[0], p.Shape[1])
                        : QuantizedMatrix.Quantize(p.Value, p.Shape[0], p.Shape[1]);
                }
                catch (ArgumentException ex)
                {
                    throw new ModelFormatException($"the INT8 weights cannot be used: {ex.Message}", tensorName: p.Name, innerException: ex);
                }
            });
        }

        return model;
    }
}
