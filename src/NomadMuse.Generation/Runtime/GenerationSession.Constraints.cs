using NomadMuse.Generation.Runtime.Modes;
using NomadMuse.Generation.Tokens;
using NomadMuse.State;

namespace NomadMuse.Generation.Runtime;

/// <summary>The per-token masks: grammar, mode (key or drum kit), time limit, repetition guard and fill bias.</summary>
public sealed partial class GenerationSession
{
    /// <summary>Masks (−∞) or penalises logits in place. Allocation-free.</summary>
    private void ApplyConstraints(Span<float> logits)
    {
        // Special tokens are never generated: the stream has no end while a musician plays.
        logits[..MuseVocabulary.SpecialCount].Fill(float.NegativeInfinity);
        bool percussive = EffectiveMode == GenerationMode.Percussive;
        switch (_phase)
        {
            case GrammarPhase.AfterNoteOn:
                // NOTE_ON must be followed by its DURATION.
                logits[..MuseVocabulary.DurationFirst].Fill(float.NegativeInfinity);
                logits[MuseVocabulary.VelocityFirst..].Fill(float.NegativeInfinity);
                return;
            case GrammarPhase.AfterVelocity:
                // VELOCITY must be followed by a NOTE_ON.
                logits[MuseVocabulary.DurationFirst..].Fill(float.NegativeInfinity);
                break;
            default:
                logits[MuseVocabulary.DurationFirst..MuseVocabulary.VelocityFirst].Fill(float.NegativeInfinity);
                if (_eventsAtStep >= Options.MaxEventsPerStep)
                {
                    // Enough on this grid step: only time may move on.
                    logits[..MuseVocabulary.TimeShiftFirst].Fill(float.NegativeInfinity);
                    logits[MuseVocabulary.ControlFirst..].Fill(float.NegativeInfinity);
                }

                // The percussion switch belongs to the mode logic; drums take no sustain, modulation or bend.
                int controlsAllowed = percussive ? 0 : (int)MuseControl.PercussionOn;
                logits[(MuseVocabulary.ControlFirst + controlsAllowed)..].Fill(float.NegativeInfinity);
                long remaining = _limit - _time;
                if (remaining < MuseVocabulary.MaxShiftSteps)
                {
                    // Land exactly on the limit (a bar line, the end of an infill span), never beyond it.
                    logits[(MuseVocabulary.TimeShiftFirst + (int)Math.Max(remaining, 0))..MuseVocabulary.ControlFirst].Fill(float.NegativeInfinity);
                }

                break;
        }

        Span<float> notes = logits.Slice(MuseVocabulary.NoteOnFirst, MuseVocabulary.NoteOnCount);
        if (percussive)
        {
            notes[..GeneralMidiDrumMap.FirstKey].Fill(float.NegativeInfinity);
            notes[(GeneralMidiDrumMap.LastKey + 1)..].Fill(float.NegativeInfinity);
            if (_fillBias != 0f)
            {
                ApplyFillBias(notes, _fillBias);
            }
        }
        else
        {
            ApplyKey(notes);
        }

        ApplyRepetitionGuard(notes, percussive);
    }

    private void ApplyKey(Span<float> notes)
    {
        KeyConstraint constraint = Options.KeyConstraint;
        if (constraint == KeyConstraint.None)
        {
            return;
        }

        MusicalKey key = CurrentKey;
        int scale = 0; // bit p set when pitch class p is in the key
        for (int pc = 0; pc < 12; pc++)
        {
            scale |= key.Contains(pc) ? 1 << pc : 0;
        }

        bool strict = constraint == KeyConstraint.Strict;
        float penalty = Options.SoftKeyPenalty;
        for (int pitch = 0, pc = 0; pitch < notes.Length; pitch++, pc = pc == 11 ? 0 : pc + 1)
        {
            if ((scale & (1 << pc)) == 0)
            {
                notes[pitch] = strict ? float.NegativeInfinity : notes[pitch] - penalty;
            }
        }
    }

    private void ApplyRepetitionGuard(Span<float> notes, bool percussive)
    {
        float penalty = Options.RepetitionPenalty;
        int window = Math.Min(Options.RepetitionWindow, _recentCount);
        if (penalty <= 0f || window == 0)
        {
            return;
        }

        Span<byte> counts = stackalloc byte[MuseVocabulary.NoteOnCount];
        counts.Clear();
        for (int i = 1; i <= window; i++)
        {
            counts[_recentPitches[(_recentNext - i + RecentCapacity) % RecentCapacity]]++;
        }

        // A groove repeats its hi-hat and kick far more than a melody repeats a pitch.
        int allowed = percussive ? Options.MaxRepeats * 2 : Options.MaxRepeats;
        for (int pitch = 0; pitch < counts.Length; pitch++)
        {
            int excess = counts[pitch] - allowed;
            if (excess > 0)
            {
                notes[pitch] -= penalty * excess;
            }
        }
    }

    /// <summary>Fills lean on toms and snare and away from time-keeping cymbals.</summary>
    private static void ApplyFillBias(Span<float> notes, float bias)
    {
        foreach (int key in FillVoices)
        {
            notes[key] += bias;
        }

        foreach (int key in TimeKeepers)
        {
            notes[key] -= bias;
        }
    }

    // GM: 38/40 snares, 41/43/45/47/48/50 toms; 42/44/46 hi-hats, 51/59 rides.
    private static ReadOnlySpan<int> FillVoices => [38, 40, 41, 43, 45, 47, 48, 50];

    private static ReadOnlySpan<int> TimeKeepers => [42, 44, 46, 51, 59];
}
