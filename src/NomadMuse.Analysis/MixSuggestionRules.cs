using System.Collections.Immutable;
using System.Globalization;
using NomadMuse.Analysis.Scoring;
using NomadMuse.State;

namespace NomadMuse.Analysis;

/// <summary>The rules that turn a mix's measurements into ranked <see cref="MixSuggestion"/>s (see docs/analysis.md).</summary>
internal static class MixSuggestionRules
{
    private const double MaxCorrectionDb = 12;

    // Below this broadband correlation most of the programme cancels in mono; uncorrelated material (±0.05) is not flagged.
    private const double PhaseProblemCorrelation = -0.1;

    public static ImmutableArray<MixSuggestion> Evaluate(GenreTarget target, double[] deviations, BandLevels bands, LoudnessReading loudness,
        DynamicsReading dynamics, StereoReading stereo, int channels, SuggestionOptions options, FixScores? scores = null)
    {
        var found = new List<(MixSuggestion Suggestion, double Score)>();
        for (int b = 0; b < BandInfo.Count; b++)
        {
            var band = (Band)b;
            double deviation = deviations[b];
            if (!bands.IsPresent((Band)b) || !double.IsFinite(deviation))
            {
                continue;
            }

            double tolerance = options.ToleranceDb ?? target.ToleranceDb(band);
            double excess = Math.Abs(deviation) - tolerance;
            if (excess > 0)
            {
                found.Add((Tonal(band, deviation, excess, target.Name, options), excess));
            }
        }

        if (channels >= 2)
        {
            Stereo(stereo, options, found);
        }

        Loudness(loudness, dynamics, options, found);
        return [.. found
            .OrderByDescending(f => f.Suggestion.Severity)
            .ThenByDescending(f => f.Score * Confirmation(f.Suggestion, scores))
            .Take(options.MaxSuggestions)
            .Select(f => f.Suggestion)];
    }

    private static MixSuggestion Tonal(Band band, double deviation, double excess, string target, SuggestionOptions options)
    {
        bool tooLoud = deviation > 0;
        double amount = Math.Round(Math.Clamp(-deviation, -MaxCorrectionDb, MaxCorrectionDb), 1);
        float low = BandInfo.LowHz(band), high = BandInfo.HighHz(band);
        string dev = F(Math.Abs(deviation)), vs = $"than the {target} target";
        (MixAction action, float q, string message) = (band, tooLoud) switch
        {
            (Band.SubBass, true) => (MixAction.HighPass, 0.707f, $"Excess sub-bass: {dev} dB more {vs}; high-pass rumble below {F(low + 10)} Hz and tame the sub ({F(low)}–{F(high)} Hz)."),
            (Band.Bass, true) => (MixAction.Cut, 0.7f, $"Excess low end: bass ({F(low)}–{F(high)} Hz) is {dev} dB hotter {vs}; cut with a low shelf or a wide bell."),
            (Band.LowMid, true) => (MixAction.Cut, 1.0f, $"Mud: low mids ({F(low)}–{F(high)} Hz) are {dev} dB above {vs.Replace("than the ", "the ", StringComparison.Ordinal)}; cut around 300 Hz."),
            (Band.Mid, true) => (MixAction.Cut, 1.0f, $"Boxy/honky mids ({F(low)}–{F(high)} Hz): {dev} dB above the {target} target; cut with a medium bell."),
            (Band.HighMid, true) => (MixAction.Cut, 1.4f, $"Harshness: high mids ({F(low)}–{F(high)} Hz) are {dev} dB above the {target} target; cut around 3–4 kHz or de-ess."),
            (Band.Presence or Band.Air, true) => (MixAction.Cut, 0.7f, $"Too bright: {BandInfo.DisplayName(band)} ({F(low)}–{F(high)} Hz) is {dev} dB above the {target} target; cut with a high shelf."),
            (Band.Presence, false) => (MixAction.Boost, 0.7f, $"Missing presence: {F(low)}–{F(high)} Hz is {dev} dB below the {target} target; boost with a high shelf."),
            (Band.Air, false) => (MixAction.Boost, 0.7f, $"Missing air: {F(low)}–{F(high)} Hz is {dev} dB below the {target} target; boost with a high shelf."),
            (Band.SubBass or Band.Bass, false) => (MixAction.Boost, 0.7f, $"Thin low end: {BandInfo.DisplayName(band)} ({F(low)}–{F(high)} Hz) is {dev} dB below the {target} target; boost with a low shelf."),
            _ => (MixAction.Boost, 1.0f, $"Recessed {BandInfo.DisplayName(band)} ({F(low)}–{F(high)} Hz): {dev} dB below the {target} target; boost with a wide bell."),
        };
        return new MixSuggestion(SeverityOf(excess), band, low, high, action, (float)amount, q, message, Tracks(options, band));
    }

    private static void Stereo(StereoReading stereo, SuggestionOptions options, List<(MixSuggestion, double)> found)
    {
        if (stereo.Correlation < PhaseProblemCorrelation)
        {
            // Negative correlation means most of the programme cancels in mono: almost always a flipped polarity.
            found.Add((new MixSuggestion(SuggestionSeverity.Critical, null, 20, 20000, MixAction.Narrow, 0, 0,
                $"Phase/polarity problem: L/R correlation is {F(stereo.Correlation, "F2")}; summing to mono loses up to {F(stereo.MaxMonoLossDb)} dB. Check for a polarity-inverted channel or track."), 100 - (100 * stereo.Correlation)));
        }
        else
        {
            for (int b = 0; b < BandInfo.Count; b++)
            {
                double loss = stereo.MonoLossDb((Band)b);
                if (loss > 6)
                {
                    var band = (Band)b;
                    found.Add((new MixSuggestion(SuggestionSeverity.Warning, band, BandInfo.LowHz(band), BandInfo.HighHz(band), MixAction.Narrow, 0, 0,
                        $"Poor mono compatibility: {BandInfo.DisplayName(band)} loses {F(loss)} dB when summed to mono; look for phase-shifted or out-of-phase sources.", Tracks(options, band)), loss - 6));
                }
            }
        }

        foreach (Band band in (ReadOnlySpan<Band>)[Band.SubBass, Band.Bass])
        {
            double sideToMid = stereo.SideToMidDbIn(band);
            double excess = sideToMid - options.MaxLowBandSideToMidDb;
            if (stereo.Correlation >= PhaseProblemCorrelation && double.IsFinite(sideToMid) && excess > 0)
            {
                found.Add((new MixSuggestion(excess > 6 ? SuggestionSeverity.Warning : SuggestionSeverity.Info, band, BandInfo.LowHz(band), 120, MixAction.Narrow, 0, 0,
                    $"Wide bass: side energy in the {BandInfo.DisplayName(band)} is only {F(-sideToMid)} dB below mid; make everything below about 120 Hz mono.", Tracks(options, band)), excess));
            }
        }
    }

    private static void Loudness(LoudnessReading loudness, DynamicsReading dynamics, SuggestionOptions options, List<(MixSuggestion, double)> found)
    {
        double truePeak = loudness.TruePeakDbtp;
        if (double.IsFinite(truePeak) && truePeak > options.TruePeakCeilingDbtp + 0.05)
        {
            double over = truePeak - options.TruePeakCeilingDbtp;
            found.Add((new MixSuggestion(over > 1 ? SuggestionSeverity.Critical : SuggestionSeverity.Warning, null, 0, 0, MixAction.Gain, (float)Math.Round(-over, 1), 0,
                $"True peak {F(truePeak, "0.0")} dBTP is above the {F(options.TruePeakCeilingDbtp)} dBTP ceiling; lower the limiter ceiling by {F(over)} dB to avoid clipping after encoding."), over + 3));
        }

        double integrated = loudness.IntegratedLufs;
        if (double.IsFinite(integrated))
        {
            double difference = integrated - options.LoudnessTargetLufs;
            if (Math.Abs(difference) > 1)
            {
                string message = difference > 0
                    ? $"Integrated loudness {F(integrated)} LUFS is {F(difference)} LU above the {F(options.LoudnessTargetLufs)} LUFS streaming target; services will turn it down, so the extra limiting buys nothing."
                    : $"Integrated loudness {F(integrated)} LUFS is {F(-difference)} LU below the {F(options.LoudnessTargetLufs)} LUFS streaming target; raise the level (watch the true peak).";
                found.Add((new MixSuggestion(Math.Abs(difference) > 6 ? SuggestionSeverity.Warning : SuggestionSeverity.Info, null, 0, 0, MixAction.Gain,
                    (float)Math.Round(-difference, 1), 0, message), Math.Abs(difference) - 1));
            }
        }

        double plr = dynamics.PeakToLoudnessDb;
        if (double.IsFinite(integrated) && plr < options.MinPeakToLoudnessDb)
        {
            double lack = options.MinPeakToLoudnessDb - plr;
            found.Add((new MixSuggestion(lack > 3 ? SuggestionSeverity.Warning : SuggestionSeverity.Info, null, 0, 0, MixAction.Compress, (float)Math.Round(-lack, 1), 0,
                $"Over-compressed: PLR is {F(plr)} dB (under {F(options.MinPeakToLoudnessDb)}); ease off the limiter/compressor by about {F(lack)} dB of gain reduction."), lack));
        }
    }

    // Within a severity the rule's margin is weighted by the scorer: 0.5 (scorer sure it is not this fix) to 1.5 (sure it
    // is). Suggestions without a scorer counterpart (loudness gain) keep their margin (weight 1).
    private static double Confirmation(MixSuggestion suggestion, FixScores? scores) =>
        scores is not null && MixFixes.For(suggestion) is { } fix ? 0.5 + scores[fix] : 1.0;

    private static SuggestionSeverity SeverityOf(double excess) =>
        excess >= 6 ? SuggestionSeverity.Critical : excess >= 3 ? SuggestionSeverity.Warning : SuggestionSeverity.Info;

    private static ImmutableArray<int> Tracks(SuggestionOptions options, Band band) =>
        options.BandTracks is { } map && map.TryGetValue(band, out ImmutableArray<int> ids) && !ids.IsDefault ? ids : [];

    private static string F(double value, string format = "0.#") => value.ToString(format, CultureInfo.InvariantCulture);
}
