namespace NomadMuse.Analysis.Tests;

public sealed class DynamicsTests
{
    private static float[] Sine(double amplitude, int sampleRate, double seconds)
    {
        int frames = (int)(sampleRate * seconds);
        float[] stereo = new float[frames * 2];
        for (int i = 0; i < frames; i++)
        {
            stereo[2 * i] = stereo[(2 * i) + 1] = (float)(amplitude * Math.Sin(2 * Math.PI * 1000 * i / sampleRate));
        }

        return stereo;
    }

    [Fact]
    public void ReadDynamics_SteadySine_CrestThreeDbAndPlrFromMeter()
    {
        // A 1 kHz sine at 0.5 (−6.02 dBFS peak): crest = 20·log10(√2) = 3.01 dB. A stereo 1 kHz sine at X dBFS reads
        // X LUFS (EBU Tech 3341 case 1: −23 dBFS → −23 LUFS) and its true peak is X dBTP, so PLR = PSR ≈ 0.
        MixAnalyzer analyzer = MixSignals.Analyze(Sine(0.5, 48000, 5), 48000);
        DynamicsReading d = analyzer.ReadDynamics();
        LoudnessReading l = analyzer.ReadLoudness();
        Assert.Equal(3.01, d.CrestFactorDb, 2);
        Assert.Equal(l.TruePeakDbtp - l.IntegratedLufs, d.PeakToLoudnessDb, 9);
        Assert.Equal(l.TruePeakDbtp - l.ShortTermMaxLufs, d.PeakToShortTermDb, 9);
        Assert.InRange(d.PeakToLoudnessDb, -0.1, 0.1);
        Assert.InRange(d.PeakToShortTermDb, -0.1, 0.1);
    }

    [Fact]
    public void From_NonFiniteInputs_ReadZero()
    {
        var silent = new LoudnessReading(double.NegativeInfinity, double.NegativeInfinity, double.NegativeInfinity, double.NegativeInfinity,
            double.NegativeInfinity, 0, double.NegativeInfinity, double.NegativeInfinity);
        Assert.Equal(new DynamicsReading(0, 0, 0), DynamicsReading.From(silent, double.NegativeInfinity));
    }

    [Fact]
    public void ReadDynamics_LouderNoiseBursts_RaiseCrest()
    {
        // Pink noise has a crest near 12 dB; clipping it hard to ±0.05 flattens it well below that.
        float[] noise = MixSignals.PinkStereo(7, 48000 * 4);
        float[] clipped = noise.Select(x => Math.Clamp(x, -0.02f, 0.02f)).ToArray();
        double open = MixSignals.Analyze(noise, 48000).ReadDynamics().CrestFactorDb;
        double squashed = MixSignals.Analyze(clipped, 48000).ReadDynamics().CrestFactorDb;
        Assert.True(open > squashed + 4, $"crest open {open:F2} dB, clipped {squashed:F2} dB");
    }
}
