namespace NomadMuse.Generation.Tokens;

/// <summary>Writes sorted quantised events as tokens: START, per event [TIME_SHIFT…] marker or note, END.</summary>
internal static class TokenEmitter
{
    /// <summary>Writes as many tokens as fit and returns how many the whole sequence needs.</summary>
    public static int Emit(ReadOnlySpan<QuantisedEvent> events, VelocityTokenMode velocityMode, Span<int> destination)
    {
        var w = new Writer(destination);
        w.Put(MuseVocabulary.Start);
        long time = 0;
        int velocityBin = -1;
        bool drums = false;
        foreach (QuantisedEvent e in events)
        {
            long gap = e.Step - time;
            while (gap > MuseVocabulary.MaxShiftSteps)
            {
                w.Put(MuseVocabulary.TimeShift(MuseVocabulary.MaxShiftSteps));
                gap -= MuseVocabulary.MaxShiftSteps;
            }

            if (gap > 0)
            {
                w.Put(MuseVocabulary.TimeShift((int)gap));
            }

            time = e.Step;
            if (e.Kind == QuantisedEvent.ControlKind)
            {
                w.Put(MuseVocabulary.Control(e.Control));
                continue;
            }

            bool isDrum = e.Kind == QuantisedEvent.DrumKind;
            if (isDrum != drums)
            {
                w.Put(MuseVocabulary.Control(isDrum ? MuseControl.PercussionOn : MuseControl.PercussionOff));
                drums = isDrum;
            }

            if (velocityMode == VelocityTokenMode.Always || e.VelocityBin != velocityBin)
            {
                w.Put(MuseVocabulary.Velocity(e.VelocityBin));
                velocityBin = e.VelocityBin;
            }

            w.Put(MuseVocabulary.NoteOn(e.Pitch));
            w.Put(MuseVocabulary.Duration(e.DurationBin));
        }

        w.Put(MuseVocabulary.End);
        return w.Count;
    }

    private ref struct Writer(Span<int> destination)
    {
        private readonly Span<int> _destination = destination;

        public int Count { get; private set; }

        public void Put(int token)
        {
            if (Count < _destination.Length)
            {
                _destination[Count] = token;
            }

            Count++;
        }
    }
}
