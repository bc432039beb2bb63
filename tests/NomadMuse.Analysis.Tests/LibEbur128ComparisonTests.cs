using System.Runtime.InteropServices;
using Xunit.Abstractions;

namespace NomadMuse.Analysis.Tests;

/// <summary>
/// Cross-checks <see cref="LoudnessMeter"/> against libebur128 (an independent BS.1770/R128 implementation) on real
/// excerpts. Skipped with a message when the library or the data is absent, unless NOMADMUSE_REQUIRE_TOOLS=1.
/// </summary>
public sealed class LibEbur128ComparisonTests(ITestOutputHelper output)
{
    private const string Library = "libebur128.so.1";

    // EBUR128_MODE_I | _LRA | _TRUE_PEAK (which include M, S and SAMPLE_PEAK): 4|8|32|16|2|1.
    private const int Mode = 63;

    // The two shortest staged excerpts keep the test under ~20 s; sky-vibe (120 s) was compared once, see docs/analysis.md.
    private static readonly string[] Files = ["jazz_macleod_vibe-ace.flac", "classical_us-army-strings_brahms-hungarian-dance-5.flac"];

    [DllImport(Library)]
    private static extern IntPtr ebur128_init(uint channels, nuint sampleRate, int mode);

    [DllImport(Library)]
    private static extern int ebur128_add_frames_float(IntPtr state, float[] source, nuint frames);

    [DllImport(Library)]
    private static extern int ebur128_loudness_global(IntPtr state, out double loudness);

    [DllImport(Library)]
    private static extern int ebur128_loudness_range(IntPtr state, out double range);

    [DllImport(Library)]
    private static extern int ebur128_true_peak(IntPtr state, uint channel, out double peak);

    [DllImport(Library)]
    private static extern void ebur128_destroy(ref IntPtr state);

    private static bool Available() => NativeLibrary.TryLoad(Library, out IntPtr handle) && Free(handle);

    private static bool Free(IntPtr handle)
    {
        NativeLibrary.Free(handle);
        return true;
    }

    [Fact]
    public void LoudnessMeter_RealExcerpts_AgreesWithLibEbur128()
    {
        bool required = Environment.GetEnvironmentVariable("NOMADMUSE_REQUIRE_TOOLS") == "1";
        if (!Available())
        {
            Assert.False(required, "libebur128.so.1 is required (NOMADMUSE_REQUIRE_TOOLS=1) but could not be loaded.");
            output.WriteLine("SKIPPED: libebur128.so.1 not found (apt-get install libebur128-1).");
            return;
        }

        string? folder = MixSignals.MixesFolder(output);
        if (folder is null)
        {
            Assert.False(required, "The shared mixes folder is required (NOMADMUSE_REQUIRE_TOOLS=1).");
            return;
        }

        foreach (string file in Files)
        {
            float[] audio = MixSignals.ReadFlac(Path.Combine(folder, file), 120, out int rate);
            var meter = new LoudnessMeter(rate, 2);
            IntPtr state = ebur128_init(2, (nuint)rate, Mode);
            Assert.NotEqual(IntPtr.Zero, state);
            try
            {
                float[] chunk = new float[2 * 4410];
                for (int start = 0; start < audio.Length; start += chunk.Length)
                {
                    int n = Math.Min(chunk.Length, audio.Length - start);
                    Array.Copy(audio, start, chunk, 0, n);
                    meter.Push(chunk.AsSpan(0, n));
                    Assert.Equal(0, ebur128_add_frames_float(state, chunk, (nuint)(n / 2)));
                }

                Assert.Equal(0, ebur128_loudness_global(state, out double integrated));
                Assert.Equal(0, ebur128_loudness_range(state, out double range));
                Assert.Equal(0, ebur128_true_peak(state, 0, out double peakL));
                Assert.Equal(0, ebur128_true_peak(state, 1, out double peakR));
                double truePeak = 20 * Math.Log10(Math.Max(peakL, peakR));
                LoudnessReading mine = meter.Read();
                output.WriteLine($"{file}: I {mine.IntegratedLufs:F3} vs {integrated:F3} (Δ {mine.IntegratedLufs - integrated:+0.000;-0.000}); " +
                    $"LRA {mine.LoudnessRangeLu:F3} vs {range:F3} (Δ {mine.LoudnessRangeLu - range:+0.000;-0.000}); " +
                    $"TP {mine.TruePeakDbtp:F3} vs {truePeak:F3} (Δ {mine.TruePeakDbtp - truePeak:+0.000;-0.000})");
                Assert.InRange(mine.IntegratedLufs - integrated, -0.1, 0.1);
                // LRA is checked against ffmpeg's ebur128 filter (bands.csv, 0.1 LU resolution): libebur128 1.2.6 reads
                // 1.9 LU lower on the 46 s Brahms excerpt, where ffmpeg and this meter agree (docs/analysis.md).
                string row = File.ReadLines(Path.Combine(folder, "bands.csv")).First(l => l.Contains("," + file + ",", StringComparison.Ordinal));
                double ffmpegRange = double.Parse(row.Split(',')[13], System.Globalization.CultureInfo.InvariantCulture);
                output.WriteLine($"   ffmpeg LRA {ffmpegRange:F1}");
                Assert.InRange(mine.LoudnessRangeLu - ffmpegRange, -0.1, 0.1);
                Assert.InRange(mine.TruePeakDbtp - truePeak, -0.2, 0.2);
            }
            finally
            {
                ebur128_destroy(ref state);
            }
        }
    }
}
