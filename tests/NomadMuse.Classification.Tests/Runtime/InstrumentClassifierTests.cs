using NomadMuse.Classification.Model;
using NomadMuse.Classification.Runtime;
using NomadMuse.Classification.Tests.Features;

namespace NomadMuse.Classification.Tests.Runtime;

public sealed class InstrumentClassifierTests
{
    private static readonly InstrumentClassifierModel Model = new(21);

    [Theory]
    [InlineData(44_100, false)]
    [InlineData(48_000, false)]
    [InlineData(44_100, true)]
    [InlineData(22_050, true)]
    public void ClassifyFrame_AfterWarmUp_AllocatesNothing(int rate, bool int8)
    {
        var classifier = new InstrumentClassifier(Model, rate, int8);
        float[] frame = TestSignals.Noise(rate / 20, 0.2f, 3);
        var probabilities = new float[20];
        long bytes = AllocationProbe.MinAllocatedBytes(() => classifier.ClassifyFrame(frame, probabilities), 10);
        Assert.Equal(0, bytes);
    }

    [Fact]
    public void ClassifyFrame_Probabilities_SumToOneAndMatchTheDecision()
    {
        var classifier = new InstrumentClassifier(Model, 44_100);
        var probabilities = new float[20];
        FrameClassification result = classifier.ClassifyFrame(TestSignals.Sine(220, 44_100, 2205, 0.5f), probabilities);
        Assert.Equal(1f, probabilities.Sum(), 4);
        Assert.Equal(probabilities.Max(), result.Probability);
        Assert.Equal(Array.IndexOf(probabilities, probabilities.Max()) + 1, result.ClassId);
        Assert.InRange(result.PercussiveProbability, 0f, 1f);
        Assert.InRange(result.Confidence, 0f, 1f);
        Assert.Equal(10 * Math.Log10(0.125), result.LevelDb, 1); // sine RMS² = A²/2
    }

    [Fact]
    public void ClassifyFrame_Int8_StaysCloseToFloat()
    {
        var fp32 = new InstrumentClassifier(Model, 44_100);
        var int8 = new InstrumentClassifier(Model, 44_100, useInt8: true);
        var a = new float[20];
        var b = new float[20];
        for (int i = 0; i < 6; i++)
        {
            float[] frame = TestSignals.Noise(2205, 0.05f * (i + 1), 10 + i);
            fp32.ClassifyFrame(frame, a);
            int8.ClassifyFrame(frame, b);
            for (int k = 0; k < 20; k++)
            {
                Assert.True(Math.Abs(a[k] - b[k]) < 0.02f, $"frame {i} class {k + 1}: fp32 {a[k]} int8 {b[k]}");
            }
        }
    }

    [Fact]
    public void ClassifyFrame_ProbabilitiesTooShort_Throws()
    {
        var classifier = new InstrumentClassifier(Model, 44_100);
        Assert.Throws<ArgumentException>(() => classifier.ClassifyFrame(new float[2205], new float[19]));
    }

    [Fact]
    public void ClassifyFrame_Silence_ReportsFloorLevel()
    {
        var classifier = new InstrumentClassifier(Model, 44_100);
        Assert.Equal(-120f, classifier.ClassifyFrame(new float[2205]).LevelDb);
    }
}
