using NomadMuse.Core.Audio;

namespace NomadMuse.Core.Tests.Audio;

/// <summary>Files written by sox are read by us, and files we write are read by sox (an independent implementation).</summary>
public sealed class SoxInteropTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("nm-sox-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static float[] TestSignal(int channels, int frames)
    {
        var samples = new float[channels * frames];
        for (int f = 0; f < frames; f++)
        {
            for (int c = 0; c < channels; c++)
            {
                samples[(f * channels) + c] = 0.8f * MathF.Sin((f * 0.013f * (c + 1)) + c);
            }
        }

        return samples;
    }

    [SoxFact]
    public void ReadAll_FilesConvertedBySox_MatchWithinOneQuantisationStep()
    {
        var cases = new (string[] Args, WavEncoding Expected, double Step)[]
        {
            (["-e", "unsigned-integer", "-b", "8"], WavEncoding.Pcm8, 1.0 / 128),
            (["-e", "signed-integer", "-b", "16"], WavEncoding.Pcm16, 1.0 / 32768),
            (["-e", "signed-integer", "-b", "24"], WavEncoding.Pcm24, 1.0 / 8388608),
            (["-e", "signed-integer", "-b", "32"], WavEncoding.Pcm32, 1e-7),
            (["-e", "floating-point", "-b", "32"], WavEncoding.Float32, 1e-7),
            (["-e", "floating-point", "-b", "64"], WavEncoding.Float64, 1e-7),
        };
        foreach (int channels in new[] { 1, 2, 6 })
        {
            float[] signal = TestSignal(channels, 2000);
            string source = Path.Combine(_folder, $"source{channels}.wav");
            WavFile.Write(source, new AudioBuffer(44100, channels, signal), WavEncoding.Float32);
            foreach ((string[] args, WavEncoding expected, double step) in cases)
            {
                string converted = Path.Combine(_folder, $"sox-{channels}-{expected}.wav");
                // -D: no dither, so the only difference is sox's rounding.
                Sox.Run(["-D", source, .. args, converted]);

                using var reader = new WavReader(converted);
                Assert.Equal(expected, reader.Format.Encoding);
                Assert.Equal(channels, reader.Format.Channels);
                Assert.Equal(2000, reader.Format.FrameCount);
                float[] back = WavFile.ReadAll(converted).Samples;
                double worst = signal.Zip(back, (a, b) => Math.Abs(a - b)).Max();
                Assert.True(worst <= step, $"{expected}, {channels} ch: max error {worst} > {step}");
            }
        }
    }

    [SoxFact]
    public void Sox_ReadsOurFiles_AsTheSameSamples()
    {
        foreach (WavEncoding encoding in Enum.GetValues<WavEncoding>())
        {
            foreach (int channels in new[] { 1, 2, 3 })
            {
                float[] signal = TestSignal(channels, 1500);
                string ours = Path.Combine(_folder, $"ours-{encoding}-{channels}.wav");
                string raw = Path.Combine(_folder, $"ours-{encoding}-{channels}.f64");
                WavFile.Write(ours, new AudioBuffer(48000, channels, signal), encoding);

                Sox.Run(["-D", ours, "-t", "raw", "-e", "floating-point", "-b", "64", "-L", raw]);

                byte[] bytes = File.ReadAllBytes(raw);
                Assert.Equal(signal.Length * 8, bytes.Length);
                float[] expected = WavFile.ReadAll(ours).Samples;
                for (int i = 0; i < signal.Length; i++)
                {
                    double theirs = BitConverter.ToDouble(bytes, 8 * i);
                    Assert.True(Math.Abs(theirs - expected[i]) <= 1e-7, $"{encoding} {channels} ch sample {i}: sox {theirs}, us {expected[i]}");
                }
            }
        }
    }
}
