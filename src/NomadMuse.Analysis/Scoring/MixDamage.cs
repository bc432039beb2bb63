using System.Globalization;
using NomadMuse.Core.Training;
using NomadMuse.State;

namespace NomadMuse.Analysis.Scoring;

/// <summary>
/// One known damage applied to a clean stereo mix, and the <see cref="MixFix"/> that undoes it (the training label).
/// </summary>
/// <param name="Kind">What is done.</param>
/// <param name="Fix">The fix that undoes it.</param>
/// <param name="FrequencyHz">EQ centre or shelf corner.</param>
/// <param name="GainDb">EQ gain (signed).</param>
/// <param name="Q">Peaking Q.</param>
/// <param name="SideGain">Side-signal gain for <see cref="MixDamageKind.SideGain"/>.</param>
/// <param name="ThresholdBelowPeakDb">Compressor threshold below the clean sample peak, dB.</param>
/// <param name="Ratio">Compression ratio.</param>
/// <param name="ReleaseMs">Compressor release, ms.</param>
internal sealed record MixDamage(MixDamageKind Kind, MixFix Fix, double FrequencyHz = 0, double GainDb = 0, double Q = 0, double SideGain = 1,
    double ThresholdBelowPeakDb = 0, double Ratio = 1, double ReleaseMs = 0)
{
    /// <summary>Smallest and largest EQ damage, dB.</summary>
    public const double MinGainDb = 4, MaxGainDb = 9;

    /// <summary>Draws a random damage that <paramref name="fix"/> undoes.</summary>
    public static MixDamage For(MixFix fix, TrainingRandom random)
    {
        double U(double lo, double hi) => lo + ((hi - lo) * random.NextDouble());
        switch (fix)
        {
            case MixFix.None:
                return new MixDamage(MixDamageKind.None, fix);
            case MixFix.InvertPolarity:
                return new MixDamage(MixDamageKind.PolarityFlip, fix);
            case MixFix.Narrow:
                return new MixDamage(MixDamageKind.SideGain, fix, SideGain: U(2, 3.5));
            case MixFix.Widen:
                return new MixDamage(MixDamageKind.SideGain, fix, SideGain: U(0, 0.3));
            case MixFix.EaseCompression:
                return new MixDamage(MixDamageKind.Compression, fix, ThresholdBelowPeakDb: U(6, 14), Ratio: U(4, 20), ReleaseMs: U(30, 200));
            default:
                Band band = MixFixes.BandOf(fix) ?? throw new ArgumentOutOfRangeException(nameof(fix), fix, "Not a defined fix.");

                // The fix cuts what the damage raised, and boosts what it lowered.
                double gain = U(MinGainDb, MaxGainDb) * (fix <= MixFix.CutAir ? 1 : -1);
                if (band == Band.SubBass && random.NextDouble() < 0.5)
                {
                    return new MixDamage(MixDamageKind.LowShelf, fix, FrequencyHz: U(45, 60), GainDb: gain);
                }

                if (band == Band.Air && random.NextDouble() < 0.5)
                {
                    return new MixDamage(MixDamageKind.HighShelf, fix, FrequencyHz: U(11000, 13000), GainDb: gain);
                }

                return new MixDamage(MixDamageKind.Peaking, fix, FrequencyHz: BandInfo.CenterHz(band) * U(0.85, 1.15), GainDb: gain, Q: U(0.7, 1.8));
        }
    }

    /// <summary>Applies the damage in place to interleaved stereo.</summary>
    public void Apply(Span<float> stereo, int sampleRate)
    {
        switch (Kind)
        {
            case MixDamageKind.Peaking:
                EqDesign.Filter(stereo, 2, EqDesign.Peaking(sampleRate, FrequencyHz, GainDb, Q));
                break;
            case MixDamageKind.LowShelf:
                EqDesign.Filter(stereo, 2, EqDesign.LowShelf(sampleRate, FrequencyHz, GainDb));
                break;
            case MixDamageKind.HighShelf:
                EqDesign.Filter(stereo, 2, EqDesign.HighShelf(sampleRate, FrequencyHz, GainDb));
                break;
            case MixDamageKind.PolarityFlip:
                for (int i = 1; i < stereo.Length; i += 2)
                {
                    stereo[i] = -stereo[i];
                }

                break;
            case MixDamageKind.SideGain:
                for (int i = 0; i + 1 < stereo.Length; i += 2)
                {
                    float mid = 0.5f * (stereo[i] + stereo[i + 1]), side = 0.5f * (stereo[i] - stereo[i + 1]) * (float)SideGain;
                    stereo[i] = mid + side;
                    stereo[i + 1] = mid - side;
                }

                break;
            case MixDamageKind.Compression:
                Compress(stereo, sampleRate);
                break;
            default:
                break;
        }
    }

    /// <summary>
    /// Stereo-linked feed-forward compressor/limiter: instant attack on the sample peak (a slower attack lets
    /// transients through and would raise the crest factor instead of squashing it), exponential release, then
    /// make-up gain back to the clean sample peak, as a mastering limiter pushed too hard does.
    /// </summary>
    private void Compress(Span<float> stereo, int sampleRate)
    {
        float peak = 0;
        foreach (float x in stereo)
        {
            peak = Math.Max(peak, Math.Abs(x));
        }

        if (peak <= 0)
        {
            return;
        }

        double threshold = (20 * Math.Log10(peak)) - ThresholdBelowPeakDb;
        double release = Math.Exp(-1 / (sampleRate * ReleaseMs / 1000));
        double slope = 1 - (1 / Ratio), envelope = 0;
        float newPeak = 0;
        for (int i = 0; i + 1 < stereo.Length; i += 2)
        {
            double level = Math.Max(Math.Abs(stereo[i]), Math.Abs(stereo[i + 1]));
            envelope = level >= envelope ? level : (release * envelope) + ((1 - release) * level);
            double over = (20 * Math.Log10(envelope + 1e-12)) - threshold;
            float gain = over > 0 ? (float)Math.Pow(10, -over * slope / 20) : 1f;
            stereo[i] *= gain;
            stereo[i + 1] *= gain;
            newPeak = Math.Max(newPeak, Math.Max(Math.Abs(stereo[i]), Math.Abs(stereo[i + 1])));
        }

        float makeup = newPeak > 0 ? peak / newPeak : 1f;
        for (int i = 0; i < stereo.Length; i++)
        {
            stereo[i] *= makeup;
        }
    }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        MixDamageKind.Peaking => string.Create(CultureInfo.InvariantCulture, $"bell {GainDb:+0.0;-0.0} dB at {FrequencyHz:0} Hz, Q {Q:0.00}"),
        MixDamageKind.LowShelf or MixDamageKind.HighShelf => string.Create(CultureInfo.InvariantCulture, $"{Kind} {GainDb:+0.0;-0.0} dB at {FrequencyHz:0} Hz"),
        MixDamageKind.SideGain => string.Create(CultureInfo.InvariantCulture, $"side ×{SideGain:0.00}"),
        MixDamageKind.Compression => string.Create(CultureInfo.InvariantCulture, $"compress {Ratio:0.0}:1, {ThresholdBelowPeakDb:0.0} dB below peak"),
        _ => Kind.ToString(),
    };
}
