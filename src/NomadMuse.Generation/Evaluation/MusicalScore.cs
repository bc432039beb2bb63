using NomadMuse.Generation.Tokens;
using NomadMuse.State;

namespace NomadMuse.Generation.Evaluation;

/// <summary>
/// Accumulates <see cref="MusicalMetrics"/> over many continuations of one kind (generated, key-constrained, or the
/// real next bars): pooled shares over all notes, medians of the per-track ratios, means of the pitch shifts.
/// </summary>
/// <remarks>
/// Ratios are summarised by their median because a sparse prompt makes single ratios explode. Not thread-safe.
/// </remarks>
public sealed class MusicalScore
{
    private readonly List<double> _densityRatios = [];
    private readonly List<double> _drumDensityRatios = [];
    private readonly List<double> _spanRatios = [];
    private double _shiftSum, _absShiftSum, _drumMassSum, _kitMassSum, _inKeyMassSum;
    private long _pitched, _inKey, _drumNotes, _onDrumKeys, _onKit, _shifts, _drumMasses, _kitMasses, _inKeyMasses;

    /// <summary>Continuations of tonal tracks added.</summary>
    public int TonalTracks { get; private set; }

    /// <summary>Continuations of drum tracks added.</summary>
    public int DrumTracks { get; private set; }

    /// <summary>Notes in all continuations added.</summary>
    public long Notes { get; private set; }

    /// <summary>Pooled share of the tonal continuations' pitched notes in the prompt's key; NaN before any.</summary>
    public double InKeyShare => _pitched == 0 ? double.NaN : (double)_inKey / _pitched;

    /// <summary>
    /// Mean, over the real continuations' notes, of the model's probability that a note is in the prompt's key, fed
    /// the real music up to it (see <see cref="MusicalMetrics.NoteMassInKey"/>); NaN before any.
    /// </summary>
    public double InKeyMass => _inKeyMasses == 0 ? double.NaN : _inKeyMassSum / _inKeyMasses;

    /// <summary>Median over tonal tracks of notes per beat, continuation ÷ prompt.</summary>
    public double DensityRatio => MusicalMetrics.Median(_densityRatios);

    /// <summary>Median over drum tracks of hits per beat, continuation ÷ prompt (kept apart: drums are far denser).</summary>
    public double DrumDensityRatio => MusicalMetrics.Median(_drumDensityRatios);

    /// <summary>Median over tonal tracks of the pitch span, continuation ÷ prompt.</summary>
    public double PitchSpanRatio => MusicalMetrics.Median(_spanRatios);

    /// <summary>Mean over tonal tracks of the mean-pitch shift, continuation − prompt, in semitones.</summary>
    public double MeanPitchShift => _shifts == 0 ? double.NaN : _shiftSum / _shifts;

    /// <summary>Mean over tonal tracks of the absolute mean-pitch shift, in semitones.</summary>
    public double MeanAbsolutePitchShift => _shifts == 0 ? double.NaN : _absShiftSum / _shifts;

    /// <summary>Pooled share of drum-track notes that are hits on General MIDI percussion keys 35–81.</summary>
    public double DrumKeyShare => _drumNotes == 0 ? double.NaN : (double)_onDrumKeys / _drumNotes;

    /// <summary>Pooled share of drum-track notes that are hits on keys the corpus's kit uses.</summary>
    public double KitKeyShare => _drumNotes == 0 ? double.NaN : (double)_onKit / _drumNotes;

    /// <summary>Mean, over generated drum notes, of the unmasked model's note probability on keys 35–81 (see <see cref="MusicalMetrics.NoteMassOnKeys"/>).</summary>
    public double DrumKeyMass => _drumMasses == 0 ? double.NaN : _drumMassSum / _drumMasses;

    /// <summary>As <see cref="DrumKeyMass"/>, on the corpus's kit keys.</summary>
    public double KitKeyMass => _kitMasses == 0 ? double.NaN : _kitMassSum / _kitMasses;

    /// <summary>Adds one tonal track's continuation.</summary>
    /// <param name="prompt">The prompt's notes.</param>
    /// <param name="promptBeats">The prompt's length in beats.</param>
    /// <param name="continuation">The continuation's notes.</param>
    /// <param name="continuationBeats">The continuation's length in beats.</param>
    /// <param name="key">The prompt's key, or null when it has none (the track then adds no in-key figure).</param>
    public void AddTonal(ReadOnlySpan<BeatNote> prompt, double promptBeats, ReadOnlySpan<BeatNote> continuation, double continuationBeats, MusicalKey? key)
    {
        TonalTracks++;
        Notes += continuation.Length;
        if (key is { } k)
        {
            _inKey += MusicalMetrics.CountInKey(continuation, k, out int pitched);
            _pitched += pitched;
        }

        _densityRatios.Add(MusicalMetrics.DensityRatio(continuation, continuationBeats, prompt, promptBeats));
        _spanRatios.Add(MusicalMetrics.PitchSpanRatio(continuation, prompt));
        double shift = MusicalMetrics.MeanPitchShift(continuation, prompt);
        if (double.IsFinite(shift))
        {
            _shiftSum += shift;
            _absShiftSum += Math.Abs(shift);
            _shifts++;
        }
    }

    /// <summary>Adds one drum track's continuation.</summary>
    /// <param name="prompt">The prompt's notes.</param>
    /// <param name="promptBeats">The prompt's length in beats.</param>
    /// <param name="continuation">The continuation's notes.</param>
    /// <param name="continuationBeats">The continuation's length in beats.</param>
    /// <param name="kit">The keys the corpus's kit uses.</param>
    public void AddDrums(ReadOnlySpan<BeatNote> prompt, double promptBeats, ReadOnlySpan<BeatNote> continuation, double continuationBeats, IReadOnlySet<int> kit)
    {
        ArgumentNullException.ThrowIfNull(kit);
        DrumTracks++;
        Notes += continuation.Length;
        _drumNotes += continuation.Length;
        _onDrumKeys += MusicalMetrics.CountOnDrumKeys(continuation);
        _onKit += MusicalMetrics.CountOnDrumKeys(continuation, kit);
        _drumDensityRatios.Add(MusicalMetrics.DensityRatio(continuation, continuationBeats, prompt, promptBeats));
    }

    /// <summary>Adds the model's in-key note probability at one real note (teacher-forced).</summary>
    /// <param name="inKeyMass">The probability, 0–1.</param>
    public void AddInKeyMass(double inKeyMass)
    {
        _inKeyMassSum += inKeyMass;
        _inKeyMasses++;
    }

    /// <summary>Adds the unmasked model's note probability on drum keys and on kit keys at one generated drum note.</summary>
    /// <param name="drumKeyMass">Mass on 35–81, 0–1.</param>
    /// <param name="kitKeyMass">Mass on the kit's keys, 0–1.</param>
    public void AddDrumMass(double drumKeyMass, double kitKeyMass)
    {
        _drumMassSum += drumKeyMass;
        _drumMasses++;
        _kitMassSum += kitKeyMass;
        _kitMasses++;
    }
}
