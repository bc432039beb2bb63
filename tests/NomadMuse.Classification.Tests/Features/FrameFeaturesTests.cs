using NomadMuse.Classification.Features;

namespace NomadMuse.Classification.Tests.Features;

public sealed class FrameFeaturesTests
{
    private static float[] Sine(int rate, double hz, int start, int length)
    {
        float[] x = new float[length];
        for (int i = 0; i < length; i++)
        {
            x[i] = (float)(0.5 * Math.Sin(2 * Math.PI * hz * (start + i) / rate));
        }

        return x;
    }

    /// <summary>Feeds 50 ms blocks of a tone for one second and returns the last patch.</summary>
    private static float[] LastPatch(FrameFeatures features, int rate, double hz)
    {
        int block = rate / 20;
        float[] patch = new float[features.PatchLength];
        for (int b = 0; b < 20; b++)
        {
            features.Process(Sine(rate, hz, b * block, block), patch);
        }

        return patch;
    }

    private static int LoudestBand(float[] patch, int frames, int t)
    {
        int best = 0;
        for (int m = 1; m < patch.Length / frames; m++)
        {
            if (patch[(m * frames) + t] > patch[(best * frames) + t])
            {
                best = m;
            }
        }

        return best;
    }

    [Theory]
    [InlineData(22050)]
    [InlineData(44100)]
    [InlineData(48000)]
    [InlineData(16000)]
    public void Process_ToneAtAnyRate_PeaksInTheBandHoldingTheTone(int rate)
    {
        var settings = FeatureSettings.Default;
        var features = new FrameFeatures(settings, rate);
        Assert.Equal(128 * 5, features.PatchLength);
        float[] patch = LastPatch(features, rate, 1000);

        // 1 kHz is 15 Slaney mel; band edges are spaced (hz_to_mel(11025) / 129) mel apart, band m peaks at edge m+1.
        double spacing = MelFilterBank.HzToMel(11025, MelScale.Slaney) / 129;
        int expected = (int)Math.Round((15.0 / spacing) - 1);
        for (int t = 0; t < 5; t++)
        {
            Assert.InRange(LoudestBand(patch, 5, t), expected - 1, expected + 1);
        }
    }

    [Fact]
    public void Process_SameToneAt44100And22050_GivesNearlyTheSamePatch()
    {
        var settings = FeatureSettings.Default;
        float[] direct = LastPatch(new FrameFeatures(settings, 22050), 22050, 440);
        float[] resampled = LastPatch(new FrameFeatures(settings, 44100), 44100, 440);

        // The resampler's delay shifts the phase of the tone, not its spectrum: the bands with energy agree closely.
        for (int i = 0; i < direct.Length; i++)
        {
            if (direct[i] > -40)
            {
                Assert.Equal(direct[i], resampled[i], 0.5);
            }
        }
    }

    [Fact]
    public void Process_WithNormalization_SubtractsMeanAndDividesByStd()
    {
        var settings = FeatureSettings.Default;
        float[] mean = Enumerable.Range(0, 128).Select(m => -30f + (0.1f * m)).ToArray();
        float[] std = Enumerable.Range(0, 128).Select(m => 5f + (0.05f * m)).ToArray();
        float[] raw = LastPatch(new FrameFeatures(settings, 22050), 22050, 440);
        float[] normalized = LastPatch(new FrameFeatures(settings, 22050, normalization: new FeatureNormalization(mean, std)), 22050, 440);
        for (int m = 0; m < 128; m++)
        {
            for (int t = 0; t < 5; t++)
            {
                Assert.Equal((raw[(m * 5) + t] - mean[m]) / std[m], normalized[(m * 5) + t], 4);
            }
        }
    }

    [Fact]
    public void Process_Silence_IsClampedToFloor()
    {
        var features = new FrameFeatures(FeatureSettings.Default, 22050);
        float[] patch = new float[features.PatchLength];
        features.Process(new float[1102], patch);
        Assert.All(patch, v => Assert.Equal(-100f, v)); // 10·log10(amin = 1e-10)
    }

    [Theory]
    [InlineData(44100, 2205)]
    [InlineData(48000, 2400)]
    [InlineData(22050, 1102)]
    public void Process_AfterWarmUp_DoesNotAllocate(int rate, int block)
    {
        var features = new FrameFeatures(FeatureSettings.Default, rate);
        float[] input = Sine(rate, 300, 0, block);
        float[] patch = new float[features.PatchLength];
        Assert.Equal(0, AllocationProbe.MinAllocatedBytes(() => features.Process(input, patch)));
    }

    [Fact]
    public void Process_BadBuffers_ThrowArgumentException()
    {
        var features = new FrameFeatures(FeatureSettings.Default, 44100, maxBlockLength: 4096);
        Assert.Throws<ArgumentException>(() => features.Process(new float[4097], new float[features.PatchLength]));
        Assert.Throws<ArgumentException>(() => features.Process(new float[2205], new float[10]));
    }

    [Fact]
    public void Constructor_MismatchedNormalization_Throws()
    {
        Assert.Throws<ArgumentException>(() => new FrameFeatures(FeatureSettings.Default, 44100, normalization: FeatureNormalization.Identity(40)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FrameFeatures(FeatureSettings.Default, 44100, frameCount: 0));
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new FrameFeatures(FeatureSettings.Default, 0));
        Assert.Equal("inputSampleRate", ex.ParamName);
    }
}
