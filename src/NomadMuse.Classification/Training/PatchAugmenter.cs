using NomadMuse.Classification.Features;
using NomadMuse.Classification.Model;

namespace NomadMuse.Classification.Training;

/// <summary>
/// Cuts one training patch from a clip with the seed's augmentation (§3.3.3): time stretch 0.9–1.1 (Hann
/// overlap-add, pitch kept), pitch shift ±2 semitones (resampling), gain ±12 dB and Gaussian noise at 30–50 dB SNR,
/// then the real-time front end (<see cref="FrameFeatures"/>) and the model's normalisation.
/// </summary>
/// <remarks>Single-threaded (one instance per training thread); reuses its buffers.</remarks>
public sealed class PatchAugmenter
{
    private const int OlaFrame = 512;
    private const int OlaHop = 128;
    private readonly FrameFeatures _features = new(FeatureSettings.Default, 22_050, InstrumentClassifierModel.Frames, 8192);
    private readonly float[] _window = new float[ClipCorpus.WindowLength];
    private readonly float[] _stretched = new float[ClipCorpus.WindowLength * 2];
    private readonly float[] _weights = new float[ClipCorpus.WindowLength * 2];
    private readonly float[] _hann = new float[OlaFrame];

    /// <summary>Creates the augmenter.</summary>
    public PatchAugmenter()
    {
        for (int i = 0; i < OlaFrame; i++)
        {
            _hann[i] = 0.5f - (0.5f * MathF.Cos(2 * MathF.PI * i / OlaFrame));
        }
    }

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
            double pitch = Math.Pow(2, ((random.NextDouble() * 2) - 1) * 2 / 12.0); // read speed
            double stretch = 0.9 + (0.2 * random.NextDouble());
            int needed = (int)Math.Ceiling(w * pitch) + 2;
            Stretch(clip, end, stretch, _stretched.AsSpan(0, needed));
            for (int i = 0; i < w; i++)
            {
                double position = needed - 1 - ((w - 1 - i) * pitch);
                int i0 = (int)Math.Floor(position);
                float frac = (float)(position - i0);
                float a = i0 >= 0 ? _stretched[i0] : 0f;
                float b = i0 + 1 < needed && i0 + 1 >= 0 ? _stretched[i0 + 1] : a;
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

    // Overlap-add time stretch: output[n] made of Hann frames read at analysis hop OlaHop / stretch; the last output
    // sample lines up with clip[end - 1].
    private void Stretch(ReadOnlySpan<float> clip, int end, double stretch, Span<float> output)
    {
        int length = output.Length;
        output.Clear();
        Span<float> weights = _weights.AsSpan(0, length);
        weights.Clear();
        double analysisHop = OlaHop / stretch;
        int frames = ((length + OlaFrame) / OlaHop) + 1;
        for (int k = 0; k < frames; k++)
        {
            int outStart = length - OlaFrame - ((frames - 1 - k) * OlaHop) + OlaHop;
            int inStart = (int)Math.Round(end - OlaFrame + OlaHop - ((frames - 1 - k) * analysisHop));
            for (int j = 0; j < OlaFrame; j++)
            {
                int o = outStart + j;
                if (o < 0 || o >= length)
                {
                    continue;
                }

                int src = inStart + j;
                float x = src >= 0 && src < clip.Length ? clip[src] : 0f;
                output[o] += _hann[j] * x;
                weights[o] += _hann[j];
            }
        }

        for (int i = 0; i < length; i++)
        {
            output[i] = weights[i] > 1e-3f ? output[i] / weights[i] : 0f;
        }
    }

    private static float Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return (float)(Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
    }
}
