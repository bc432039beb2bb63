using NomadMuse.Classification.Data;
using NomadMuse.Classification.Features;
using NomadMuse.Classification.Model;
using NomadMuse.Core.Kernels;
using NomadMuse.Core.Neural;
using NomadMuse.Core.Neural.Conv;

namespace NomadMuse.Classification.Tests.Runtime;

/// <summary>
/// The classifier's frame path as it was before the packed backbone, rebuilt from the model's public layers: fp32
/// through <see cref="ConvBackbone.Infer"/> (im2col + GEMM), INT8 as one per-pixel im2col column (channel-major
/// <c>(c, dy, dx)</c>) quantised into a <see cref="QuantizedVector"/> and multiplied by <see cref="Int8Gemv"/>, then
/// ReLU, max pool and global average. Test-only and allocating; it is the yardstick the real-time path must match.
/// </summary>
internal sealed class ReferenceClassifierPath
{
    private const int H = InstrumentClassifierModel.MelBins, W = InstrumentClassifierModel.Frames;
    private readonly InstrumentClassifierModel _model;
    private readonly ConvBackbone _backbone;
    private readonly FrameFeatures _features;
    private readonly bool _int8;

    public ReferenceClassifierPath(InstrumentClassifierModel model, int inputSampleRate, bool int8)
    {
        _model = model;
        _backbone = model.Backbone.FoldBatchNorm();
        _int8 = int8;
        // The classifier's own front-end settings, so both paths see the same patch.
        _features = new FrameFeatures(FeatureSettings.Default, inputSampleRate, InstrumentClassifierModel.Frames, 19_200, model.Normalization);
    }

    /// <summary>The 20 class logits followed by the type and confidence logits for the newest frame.</summary>
    public float[] Logits(ReadOnlySpan<float> frame)
    {
        float[] patch = new float[H * W];
        _features.Process(frame, patch);
        float[] features = _int8 ? BackboneInt8(patch) : BackboneFloat(patch);
        float[] h1 = Relu(Dense(_model.Fc1, features));
        float[] h2 = Relu(Dense(_model.Fc2, h1));
        return [.. Dense(_model.ClassHead, h2), .. Dense(_model.TypeHead, h2), .. Dense(_model.ConfidenceHead, h2)];
    }

    /// <summary>Softmax of the class logits, in double.</summary>
    public static float[] Probabilities(float[] logits)
    {
        double max = logits.Take(InstrumentClasses.Count).Max();
        double[] e = [.. logits.Take(InstrumentClasses.Count).Select(v => Math.Exp(v - max))];
        double sum = e.Sum();
        return [.. e.Select(v => (float)(v / sum))];
    }

    private float[] BackboneFloat(float[] patch)
    {
        float[] features = new float[_backbone.FeatureCount];
        _backbone.Infer(patch, H, W, features, new float[_backbone.ScratchLength(H, W)]);
        return features;
    }

    private float[] BackboneInt8(float[] patch)
    {
        IReadOnlyList<ConvBlock> blocks = _backbone.Blocks;
        int h = H, w = W;
        float[] map = new float[blocks[0].OutChannels * blocks[0].OutputHeight(h) * blocks[0].OutputWidth(w)];
        blocks[0].Infer(patch, h, w, map, new float[blocks[0].ScratchLength(h, w)]);
        (h, w) = (blocks[0].OutputHeight(h), blocks[0].OutputWidth(w));
        for (int b = 1; b < blocks.Count; b++)
        {
            ConvBlock block = blocks[b];
            int k = block.InChannels * 9;
            QuantizedMatrix weights = QuantizedMatrix.Quantize(block.Conv.Weight.Value, block.OutChannels, k);
            var vector = new QuantizedVector(k);
            float[] column = new float[k], result = new float[block.OutChannels], conv = new float[block.OutChannels * h * w];
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    int i = 0;
                    for (int c = 0; c < block.InChannels; c++)
                    {
                        for (int dy = -1; dy <= 1; dy++)
                        {
                            for (int dx = -1; dx <= 1; dx++)
                            {
                                int yy = y + dy, xx = x + dx;
                                bool inside = (uint)yy < (uint)h && (uint)xx < (uint)w;
                                column[i++] = inside ? map[(((c * h) + yy) * w) + xx] : 0f;
                            }
                        }
                    }

                    Int8Gemv.Multiply(weights, column, vector, block.Conv.Bias.Value, result);
                    for (int o = 0; o < block.OutChannels; o++)
                    {
                        conv[(((o * h) + y) * w) + x] = Math.Max(result[o], 0f);
                    }
                }
            }

            map = new float[block.OutChannels * block.OutputHeight(h) * block.OutputWidth(w)];
            block.Pool.Infer(conv, block.OutChannels, h, w, map);
            (h, w) = (block.OutputHeight(h), block.OutputWidth(w));
        }

        int pixels = h * w;
        return [.. Enumerable.Range(0, _backbone.FeatureCount).Select(c => map.Skip(c * pixels).Take(pixels).Sum() / pixels)];
    }

    private float[] Dense(Linear layer, float[] x)
    {
        float[] y = new float[layer.Outputs];
        if (_int8)
        {
            QuantizedMatrix q = QuantizedMatrix.Quantize(layer.Weight.Value, layer.Outputs, layer.Inputs);
            Int8Gemv.Multiply(q, x, new QuantizedVector(layer.Inputs), layer.Bias.Value, y);
        }
        else
        {
            layer.Apply(x, y);
        }

        return y;
    }

    private static float[] Relu(float[] x) => [.. x.Select(v => Math.Max(v, 0f))];
}
