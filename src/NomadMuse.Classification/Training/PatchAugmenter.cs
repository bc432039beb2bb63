using NomadMuse.Classification.Features;
using NomadMuse.Classification.Model;

namespace NomadMuse.Classification.Training;

/// <summary>
/// Cuts one training patch from a clip with the seed's augmentation (§3.3.3): a speed change by resampling (pitch
/// ±2 semitones with duration 0.89–1.12×, the seed's pitch shift and time stretch drawn jointly), gain ±12 dB and
/// Gaussian noise at 30–50 dB SNR,
/// then the real-time front end (<see cref="FrameFeatures"/>) and the model's normalisation.
/// </summary>
/// <remarks>Single-threaded (one instance per training thread); reuses its buffers.</remarks>
public sealed class PatchAugmenter
{
    private readonly FrameFeatures _features = new(FeatureSettings.Default, 22_050, InstrumentClassifierModel.Frames, 8192);
    private readonly float[] _window = new float[ClipCorpus.WindowLength];

    /// <summary>Writes the normalised patch of the window ending at <paramref name="end"/>.</summary>
    /// <param name="clip">Clip samples at 22,050 Hz.</param>
    /// <param name="end">Window end (exclusive).</param>
    /// <param name="normalization">Per-band normalisation (identity to get raw dB).</param>
    /// <param name="random">Augmentation source, or null for none.</param>
    /// <param name="patch">Receives <see cref="InstrumentClassifierModel.PatchLength"/> values.</param>
    public void Extract(ReadOnlySpan<float> clip, int end, FeatureNormalization normalization, Random? random, Span<float> patch)
    {
        ArgumentNullException.ThrowIfNull(normalization);
        int w = ClipCorpus.WindowLength;
        if (random is null)
        {
            for (int i = 0; i < w; i++)
            {
                int src = end - w + i;
                _window[i] = src >= 0 && src < clip.Length ? clip[src] : 0f;
            }
        }
        else
        {
            // Speed change by resampling: pitch ×2^(±2/12) and duration ×1/that (0.89–1.12), i.e. the seed's pitch
            // shift and time stretch drawn jointly. (An independent overlap-add stretch was tried first: its phase
            // artefacts comb-filtered every tonal patch and the model learned the artefacts; see docs/models.md.)
            double speed = Math.Pow(2, ((random.NextDouble() * 2) - 1) * 2 / 12.0);
            for (int i = 0; i < w; i++)
            {
                double position = end - 1 - ((w - 1 - i) * speed);
                int i0 = (int)Math.Floor(position);
                float frac = (float)(position - i0);
                float a = i0 >= 0 && i0 < clip.Length ? clip[i0] : 0f;
                float b = i0 + 1 >= 0 && i0 + 1 < clip.Length ? clip[i0 + 1] : 0f;
                _window[i] = a + ((b - a) * frac);
            }

            float gain = MathF.Pow(10f, (float)((random.NextDouble() * 24) - 12) / 20f);
            double energy = 0;
            for (int i = 0; i < w; i++)
            {
                _window[i] *= gain;
                energy += _window[i] * _window[i];
            }

            float sigma = (float)(Math.Sqrt(energy / w) * Math.Pow(10, -(30 + (20 * random.NextDouble())) / 20));
            for (int i = 0; i < w; i++)
            {
                _window[i] += sigma * Gaussian(random);
            }
        }

        _features.Reset();
        _features.Process(_window, patch);
        normalization.Apply(patch, InstrumentClassifierModel.Frames);
    }

    private static float Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return (float)(Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
    }
}
