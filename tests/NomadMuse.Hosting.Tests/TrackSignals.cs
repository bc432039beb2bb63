namespace NomadMuse.Hosting.Tests;

/// <summary>
/// Rendered track audio for the classification tests, deterministic and far apart for the shipped classifier's
/// track-type head: a drum-machine bar and a bright harmonic arpeggio (checked window by window with
/// <c>TrackClassifier</c> on the embedded model, fp32 and INT8, at 48 kHz: every window percussive for the drums, tonal
/// for the arpeggio).
/// </summary>
internal static class TrackSignals
{
    /// <summary>
    /// Eighth notes at 120 BPM: a pitch-swept sine kick on 1 and 3, a noise-and-tone snare on 2 and 4, a short noise
    /// hi-hat on every eighth; mono.
    /// </summary>
    public static float[] DrumMachine(int sampleRate, double seconds)
    {
        var audio = new float[(int)(sampleRate * seconds)];
        var random = new Random(3);
        int step = sampleRate / 4;
        for (int n = 0; n * step < audio.Length; n++)
        {
            bool kick = n % 4 == 0, snare = n % 4 == 2;
            for (int i = 0; i < step && (n * step) + i < audio.Length; i++)
            {
                double t = (double)i / sampleRate, v = 0;
                if (kick)
                {
                    // Frequency falls from 150 Hz to 50 Hz with a 30 ms time constant; the phase is its integral.
                    double phase = 2 * Math.PI * ((50 * t) + (100 * 0.03 * (1 - Math.Exp(-t / 0.03))));
                    v += 0.8 * Math.Sin(phase) * Math.Exp(-t / 0.12);
                }

                if (snare)
                {
                    v += (0.5 * ((random.NextDouble() * 2) - 1) * Math.Exp(-t / 0.08)) + (0.3 * Math.Sin(2 * Math.PI * 190 * t) * Math.Exp(-t / 0.05));
                }

                v += 0.15 * ((random.NextDouble() * 2) - 1) * Math.Exp(-t / 0.02);
                audio[(n * step) + i] += (float)v;
            }
        }

        return audio;
    }

    /// <summary>A sustained 12-harmonic sawtooth arpeggio from 220 Hz (root, third, fifth, octave; half a second each); mono.</summary>
    public static float[] SawArpeggio(int sampleRate, double seconds)
    {
        var audio = new float[(int)(sampleRate * seconds)];
        int note = sampleRate / 2;
        int[] semitones = [0, 4, 7, 12];
        for (int n = 0; n * note < audio.Length; n++)
        {
            double f = 220 * Math.Pow(2, semitones[n % 4] / 12.0);
            for (int i = 0; i < note && (n * note) + i < audio.Length; i++)
            {
                double t = (double)i / sampleRate, v = 0;
                for (int h = 1; h <= 12; h++)
                {
                    v += Math.Sin(2 * Math.PI * f * h * t) / h;
                }

                audio[(n * note) + i] = (float)(0.3 * v * Math.Min(1, t / 0.01));
            }
        }

        return audio;
    }

    /// <summary>
    /// Pink noise (Paul Kellet's economy filter on uniform white noise); mono. The embedded model
    /// hears it as percussive but names no instrument: fed through <c>TrackClassifier</c> over 3 s at 44.1 and 48 kHz,
    /// seeds 1–3, fp32 and INT8 (2-core machine, .NET 10, 2026-12-06), every 200 ms window stayed "uncertain" with a
    /// best-class probability of at most 0.52, while uniform white noise at 0.3 peak reached 0.74, too close to the
    /// 0.75 threshold to test on. Re-checked with the retrained default model (classifier5, same day) on sox pink
    /// noise at 0.3 (`classify pinkN.wav --json [--int8]`, three seeds, 44.1 kHz): every window uncertain, best-class
    /// probability at most 0.51.
    /// </summary>
    public static float[] PinkNoise(int sampleRate, double seconds, int seed)
    {
        var audio = new float[(int)(sampleRate * seconds)];
        var random = new Random(seed);
        double b0 = 0, b1 = 0, b2 = 0;
        for (int i = 0; i < audio.Length; i++)
        {
            double white = (random.NextDouble() * 2) - 1;
            b0 = (0.99765 * b0) + (white * 0.0990460);
            b1 = (0.96300 * b1) + (white * 0.2965164);
            b2 = (0.57000 * b2) + (white * 1.0526913);
            audio[i] = (float)(0.1 * (b0 + b1 + b2 + (white * 0.1848)));
        }

        return audio;
    }

    /// <summary>The same signal on every channel, interleaved.</summary>
    public static float[] Interleave(float[] mono, int channels)
    {
        var interleaved = new float[mono.Length * channels];
        for (int i = 0; i < mono.Length; i++)
        {
            interleaved.AsSpan(i * channels, channels).Fill(mono[i]);
        }

        return interleaved;
    }
}
