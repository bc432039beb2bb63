using NomadMuse.Classification.Features;

namespace NomadMuse.Classification.Tests.Features;

public sealed class MfccExtractorTests
{
    [Theory]
    [InlineData(40)]
    [InlineData(128)]
    public void Basis_AllCoefficients_IsOrthonormal(int mels)
    {
        var settings = FeatureSettings.Default with { MelBins = mels, MfccCount = mels };
        var mfcc = new MfccExtractor(settings);
        for (int a = 0; a < mels; a++)
        {
            for (int b = a; b < mels; b++)
            {
                double dot = 0;
                for (int m = 0; m < mels; m++)
                {
                    dot += (double)mfcc.GetBasis(a, m) * mfcc.GetBasis(b, m);
                }

                Assert.Equal(a == b ? 1.0 : 0.0, dot, 1e-5);
            }
        }
    }

    [Fact]
    public void TransformFrame_ConstantColumn_OnlyZerothCoefficient()
    {
        // DCT-II ortho of a constant c over M bands: c0 = c·√M, every other coefficient 0.
        var mfcc = new MfccExtractor(FeatureSettings.Default);
        float[] column = Enumerable.Repeat(-20f, 128).ToArray();
        float[] coefficients = new float[20];
        mfcc.TransformFrame(column, coefficients);
        Assert.Equal(-20.0 * Math.Sqrt(128), coefficients[0], 3);
        for (int k = 1; k < 20; k++)
        {
            Assert.Equal(0.0, coefficients[k], 3);
        }
    }

    [Fact]
    public void TransformFrame_AfterWarmUp_DoesNotAllocate()
    {
        var mfcc = new MfccExtractor(FeatureSettings.Default);
        float[] column = new float[128];
        float[] coefficients = new float[20];
        Assert.Equal(0, AllocationProbe.MinAllocatedBytes(() => mfcc.TransformFrame(column, coefficients)));
    }
}
