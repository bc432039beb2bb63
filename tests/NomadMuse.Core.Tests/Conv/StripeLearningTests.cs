using NomadMuse.Core.Neural.Conv;
using NomadMuse.Core.Training;

namespace NomadMuse.Core.Tests.Conv;

/// <summary>End-to-end: a 2-block CNN with a linear head learns horizontal versus vertical stripes.</summary>
public sealed class StripeLearningTests
{
    private const int Side = 8;

    // Stripes of period 2 or 4 with a random phase, plus Gaussian-ish noise; class 0 horizontal, class 1 vertical.
    private static void Sample(Random random, Span<float> image, out int label)
    {
        label = random.Next(2);
        int period = random.Next(2) == 0 ? 2 : 4;
        int phase = random.Next(period);
        for (int y = 0; y < Side; y++)
        {
            for (int x = 0; x < Side; x++)
            {
                int along = label == 0 ? y : x;
                float noise = (random.NextSingle() + random.NextSingle() - 1f) * 0.4f;
                image[(y * Side) + x] = (((along + phase) % period) < period / 2 ? 1f : -1f) + noise;
            }
        }
    }

    private static int Predict(float[] weight, float[] bias, ReadOnlySpan<float> features)
    {
        double s0 = bias[0], s1 = bias[1];
        for (int i = 0; i < features.Length; i++)
        {
            s0 += weight[i] * features[i];
            s1 += weight[features.Length + i] * features[i];
        }

        return s1 > s0 ? 1 : 0;
    }

    [Fact]
    public void Sgd_TwoBlockCnn_SeparatesHorizontalFromVerticalStripes()
    {
        var random = new Random(71);
        var backbone = new ConvBackbone([new ConvBlock("conv1", 1, 4, random), new ConvBlock("conv2", 4, 8, random)]);
        var head = new Parameter("head.weight", 2, 8);
        var headBias = new Parameter("head.bias", 2);
        for (int i = 0; i < head.Length; i++)
        {
            head.Value[i] = ((2f * random.NextSingle()) - 1f) / MathF.Sqrt(8f);
        }

        List<Parameter> parameters = [.. backbone.Parameters, head, headBias];
        const int Batch = 16, Steps = 150;
        const float LearningRate = 0.1f;
        var images = new float[Batch * Side * Side];
        var labels = new int[Batch];
        var features = new float[Batch * 8];
        var featureGradient = new float[Batch * 8];
        for (int step = 0; step < Steps; step++)
        {
            for (int n = 0; n < Batch; n++)
            {
                Sample(random, images.AsSpan(n * Side * Side, Side * Side), out labels[n]);
            }

            parameters.ForEach(p => p.ZeroGradient());
            backbone.Forward(images, Batch, Side, Side, features);

            // Softmax cross-entropy over two logits, averaged over the batch.
            Array.Clear(featureGradient);
            for (int n = 0; n < Batch; n++)
            {
                ReadOnlySpan<float> f = features.AsSpan(n * 8, 8);
                double z0 = headBias.Value[0], z1 = headBias.Value[1];
                for (int i = 0; i < 8; i++)
                {
                    z0 += head.Value[i] * f[i];
                    z1 += head.Value[8 + i] * f[i];
                }

                double p1 = 1 / (1 + Math.Exp(z0 - z1));
                float d1 = (float)((p1 - labels[n]) / Batch), d0 = -d1;
                headBias.Gradient[0] += d0;
                headBias.Gradient[1] += d1;
                for (int i = 0; i < 8; i++)
                {
                    head.Gradient[i] += d0 * f[i];
                    head.Gradient[8 + i] += d1 * f[i];
                    featureGradient[(n * 8) + i] = (d0 * head.Value[i]) + (d1 * head.Value[8 + i]);
                }
            }

            backbone.Backward(featureGradient, []);
            foreach (Parameter p in parameters)
            {
                for (int i = 0; i < p.Length; i++)
                {
                    p.Value[i] -= LearningRate * p.Gradient[i];
                }
            }
        }

        // Evaluate on fresh samples through the allocation-free inference path (running statistics), then folded.
        ConvBackbone folded = backbone.FoldBatchNorm();
        var scratch = new float[backbone.ScratchLength(Side, Side)];
        var image = new float[Side * Side];
        var feature = new float[8];
        int correct = 0, foldedCorrect = 0;
        const int Tests = 200;
        for (int t = 0; t < Tests; t++)
        {
            Sample(random, image, out int label);
            backbone.Infer(image, Side, Side, feature, scratch);
            correct += Predict(head.Value, headBias.Value, feature) == label ? 1 : 0;
            folded.Infer(image, Side, Side, feature, scratch);
            foldedCorrect += Predict(head.Value, headBias.Value, feature) == label ? 1 : 0;
        }

        Assert.True(correct >= Tests * 0.95, $"accuracy {correct}/{Tests}");
        Assert.Equal(correct, foldedCorrect);
    }
}
