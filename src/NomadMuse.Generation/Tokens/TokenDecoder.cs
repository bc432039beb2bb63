namespace NomadMuse.Generation.Tokens;

/// <summary>
/// Reads tokens back into notes and markers. Tolerant of model output: a NOTE_ON without a DURATION gets a 16th
/// note, a stray DURATION is ignored, PAD/START/MASK/SEP/UNK are skipped, END stops.
/// </summary>
internal static class TokenDecoder
{
    /// <summary>Velocity bin used before any VELOCITY token: bin 12, velocity 100.</summary>
    public const int DefaultVelocityBin = 12;

    public static DecodedSequence Decode(ReadOnlySpan<int> tokens, double swingRatio)
    {
        var notes = new List<BeatNote>();
        var controls = new List<BeatControl>();
        long time = 0;
        int velocityBin = DefaultVelocityBin;
        bool drums = false;
        int pendingPitch = -1;
        long pendingTime = 0;
        int pendingVelocity = 0;
        bool pendingDrum = false;

        void Flush(int durationBin)
        {
            if (pendingPitch >= 0)
            {
                notes.Add(new BeatNote(
                    SwingGrid.Swing(pendingTime / (double)MuseVocabulary.StepsPerBeat, swingRatio),
                    DurationBins.BeatsOf(durationBin),
                    pendingPitch,
                    MuseVocabulary.VelocityOfBin(pendingVelocity),
                    pendingDrum));
                pendingPitch = -1;
            }
        }

        for (int i = 0; i < tokens.Length; i++)
        {
            int token = tokens[i];
            switch (MuseVocabulary.KindOf(token))
            {
                case MuseTokenKind.Special:
                    if (token == MuseVocabulary.End)
                    {
                        i = tokens.Length;
                    }

                    break;
                case MuseTokenKind.TimeShift:
                    Flush(0);
                    time += MuseVocabulary.TimeShiftSteps(token);
                    break;
                case MuseTokenKind.Velocity:
                    velocityBin = token - MuseVocabulary.VelocityFirst;
                    break;
                case MuseTokenKind.NoteOn:
                    Flush(0);
                    pendingPitch = token - MuseVocabulary.NoteOnFirst;
                    pendingTime = time;
                    pendingVelocity = velocityBin;
                    pendingDrum = drums;
                    break;
                case MuseTokenKind.Duration:
                    Flush(token - MuseVocabulary.DurationFirst);
                    break;
                default:
                    Flush(0);
                    var control = (MuseControl)(token - MuseVocabulary.ControlFirst);
                    if (control is MuseControl.PercussionOn or MuseControl.PercussionOff)
                    {
                        drums = control == MuseControl.PercussionOn;
                    }
                    else
                    {
                        controls.Add(new BeatControl(SwingGrid.Swing(time / (double)MuseVocabulary.StepsPerBeat, swingRatio), control));
                    }

                    break;
            }
        }

        Flush(0);
        return new DecodedSequence(notes, controls, SwingGrid.Swing(time / (double)MuseVocabulary.StepsPerBeat, swingRatio));
    }
}
