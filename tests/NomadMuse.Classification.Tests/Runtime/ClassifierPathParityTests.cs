using System.Globalization;
using NomadMuse.Classification.Model;
using NomadMuse.Classification.Runtime;
using Xunit.Abstractions;

namespace NomadMuse.Classification.Tests.Runtime;

/// <summary>
/// The real-time classifier (packed channel-last backbone) against the previous frame path
/// (<see cref="ReferenceClassifierPath"/>), frame by frame over streams of synthetic signals, for a random model and
/// the embedded default one. Same decisions means the default model's evaluation accuracy is unchanged.
/// </summary>
public sealed class ClassifierPathParityTests(ITestOutputHelper output)
{
    private const int Rate = 44_100, FrameLength = Rate / 20, Frames = 24;

    // fp32: same arithmetic up to summation order. INT8: conv1 (fp32) sums in another order, and a few-ulp change can
    // move a conv2/conv3 input across an INT8 rounding boundary. Measured worst cases (2026-12-06): 6e-7 fp32, 2e-7 INT8.
    private const float FloatTolerance = 1e-5f, Int8Tolerance = 1e-4f;

    public static TheoryData<string, bool> Cases => new()
    {
        { "random", false }, { "random", true }, { "default", false }, { "default", true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ClassifyFrame_MatchesThePreviousPath(string model, bool int8)
    {
        InstrumentClassifierModel m = model == "default" ? InstrumentClassifierModel.LoadDefault() : new InstrumentClassifierModel(21);
        float tolerance = int8 ? Int8Tolerance : FloatTolerance;
        float worst = 0f, spread = 0f;
        float[]? first = null;
        foreach ((string name, float[] signal) in Signals())
        {
            var classifier = new InstrumentClassifier(m, Rate, int8);
            var reference = new ReferenceClassifierPath(m, Rate, int8);
            var probabilities = new float[20];
            for (int f = 0; f < Frames; f++)
            {
                ReadOnlySpan<float> frame = signal.AsSpan(f * FrameLength, FrameLength);
                FrameClassification actual = classifier.ClassifyFrame(frame, probabilities);
                float[] logits = reference.Logits(frame);
                float[] expected = ReferenceClassifierPath.Probabilities(logits);
                string where = string.Create(CultureInfo.InvariantCulture, $"{model} int8={int8} {name} frame {f}");
                for (int k = 0; k < 20; k++)
                {
                    worst = Math.Max(worst, Math.Abs(probabilities[k] - expected[k]));
                    Assert.True(Math.Abs(probabilities[k] - expected[k]) < tolerance, $"{where} class {k + 1}: {probabilities[k]} vs {expected[k]}");
                }

                Assert.True(Math.Abs(actual.PercussiveProbability - Sigmoid(logits[20])) < tolerance, $"{where}: percussive {actual.PercussiveProbability} vs {Sigmoid(logits[20])}");
                Assert.True(Math.Abs(actual.Confidence - Sigmoid(logits[21])) < tolerance, $"{where}: confidence {actual.Confidence} vs {Sigmoid(logits[21])}");
                first ??= [.. expected];
                spread = Math.Max(spread, expected.Zip(first, (a, b) => Math.Abs(a - b)).Max());
                float[] sorted = [.. expected.OrderDescending()];
                if (sorted[0] - sorted[1] > 2 * tolerance)
                {
                    Assert.Equal(Array.IndexOf(expected, sorted[0]) + 1, actual.ClassId);
                }
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{model} int8={int8}: worst probability difference {worst:E2}, spread {spread:F3}"));
        // The streams must move the outputs well beyond the tolerance, or the comparison would be vacuous.
        Assert.True(spread > 20 * tolerance, $"the outputs hardly change over the signals (spread {spread})");
    }

    private static IEnumerable<(string Name, float[] Signal)> Signals()
    {
        int n = Frames * FrameLength;
        yield return ("sine 110 Hz", TestSignals.Sine(110, Rate, n, 0.5f));
        yield return ("sine 1760 Hz", TestSignals.Sine(1760, Rate, n, 0.2f));
        yield return ("noise", TestSignals.Noise(n, 0.3f, 4));
        // Decaying noise bursts every 250 ms: a drum-like, percussive stream.
        float[] noise = TestSignals.Noise(n, 0.8f, 9);
        yield return ("bursts", [.. noise.Select((v, i) => v * MathF.Exp(-(i % (Rate / 4)) / (0.03f * Rate)))]);
        // A harmonic tone with vibrato and a slow swell: tonal, changing over the stream.
        yield return ("harmonic swell", [.. Enumerable.Range(0, n).Select(i =>
        {
            double t = (double)i / Rate, phase = 2 * Math.PI * ((330 * t) + (3 * Math.Sin(2 * Math.PI * 5 * t) / (2 * Math.PI * 5)));
            return (float)(Math.Min(1, t) * 0.3 * (Math.Sin(phase) + (0.5 * Math.Sin(2 * phase)) + (0.25 * Math.Sin(3 * phase))));
        })]);
    }

    private static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));
}
