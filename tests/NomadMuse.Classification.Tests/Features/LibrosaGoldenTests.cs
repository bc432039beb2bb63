using System.Text.Json;
using NomadMuse.Classification.Features;

namespace NomadMuse.Classification.Tests.Features;

/// <summary>
/// Compares the front end with golden/librosa_defaults.json, written by golden/make_golden.py: a pure-Python,
/// double-precision, naive-DFT implementation of librosa's default melspectrogram / power_to_db / mfcc.
/// </summary>
public sealed class LibrosaGoldenTests
{
    private static readonly Lazy<JsonDocument> Golden = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Features", "golden", "librosa_defaults.json"))));

    private static JsonElement Root => Golden.Value.RootElement;

    private static float[] Signal() => Root.GetProperty("signal").EnumerateArray().Select(e => e.GetSingle()).ToArray();

    private static double[,] Matrix(string name)
    {
        JsonElement m = Root.GetProperty(name);
        int rows = m.GetArrayLength();
        int cols = m[0].GetArrayLength();
        var result = new double[rows, cols];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                result[r, c] = m[r][c].GetDouble();
            }
        }

        return result;
    }

    [Fact]
    public void MelFilterBank_LibrosaDefaults_BandEdgesMatchReference()
    {
        var bank = new MelFilterBank(FeatureSettings.LibrosaDefaults);
        double[] expected = Root.GetProperty("mel_edges_hz").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(expected.Length, bank.BandEdgesHz.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], bank.BandEdgesHz[i], 1e-9 * Math.Max(1, expected[i]));
        }
    }

    [Fact]
    public void MelSpectrogram_LibrosaDefaults_MatchesReferenceToOneInTenThousand()
    {
        var mel = new MelSpectrogram(FeatureSettings.LibrosaDefaults);
        float[] signal = Signal();
        int frames = mel.GetFrameCount(signal.Length);
        Assert.Equal(Root.GetProperty("frames").GetInt32(), frames);
        float[] output = new float[128 * frames];
        mel.Compute(signal, output);

        double[,] expected = Matrix("mel");
        double max = expected.Cast<double>().Max();
        for (int m = 0; m < 128; m++)
        {
            for (int t = 0; t < frames; t++)
            {
                double e = expected[m, t];

                // Relative 1e-4 wherever the band holds real energy; below 1e-7 of the peak float rounding dominates.
                double tolerance = Math.Max(1e-4 * e, 1e-11 * max);
                Assert.True(Math.Abs(output[(m * frames) + t] - e) <= tolerance, $"mel[{m},{t}] = {output[(m * frames) + t]}, expected {e}");
            }
        }
    }

    [Fact]
    public void PowerToDbAndMfcc_LibrosaDefaults_MatchReference()
    {
        var settings = FeatureSettings.LibrosaDefaults;
        var mel = new MelSpectrogram(settings);
        float[] signal = Signal();
        int frames = mel.GetFrameCount(signal.Length);
        float[] db = new float[128 * frames];
        mel.Compute(signal, db);
        DecibelScale.PowerToDb(db, settings.AmplitudeFloor, settings.ReferencePower, settings.TopDb);

        double[,] expectedDb = Matrix("db");
        for (int m = 0; m < 128; m++)
        {
            for (int t = 0; t < frames; t++)
            {
                // 1e-4 relative on the power is 4.3e-4 dB.
                Assert.Equal(expectedDb[m, t], db[(m * frames) + t], 5e-4);
            }
        }

        float[] mfcc = new MfccExtractor(settings).Compute(signal, out int mfccFrames);
        Assert.Equal(frames, mfccFrames);
        double[,] expectedMfcc = Matrix("mfcc");
        double scale = expectedMfcc.Cast<double>().Max(Math.Abs);
        for (int k = 0; k < 20; k++)
        {
            for (int t = 0; t < frames; t++)
            {
                Assert.Equal(expectedMfcc[k, t], mfcc[(k * frames) + t], 1e-4 * scale);
            }
        }
    }
}
