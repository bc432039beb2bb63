using NomadMuse.Generation.Runtime.Modes;
using NomadMuse.Generation.Tokens;
using NomadMuse.State;

namespace NomadMuse.Generation.Runtime;

/// <summary>High-level calls: continuation, bars, drum fills, chord progressions and infilling.</summary>
public sealed partial class GenerationSession
{
    private const int MaxCandidates = 16;
    private const int MaxScoredTokens = 64;
    private const float FillBias = 2f;

    // Diatonic transition weights between scale degrees I..VII (rows: from), after common-practice tendencies
    // (I → IV/V/vi, ii → V, IV → V/I, V → I, vi → IV/ii, vii° → I). The model's harmonic preference multiplies them.
    private static readonly float[,] DegreePrior =
    {
        { 0.5f, 2f, 1f, 3f, 3f, 2f, 0.5f },
        { 0.5f, 0f, 0.5f, 1f, 4f, 0.5f, 1f },
        { 0.5f, 0.5f, 0f, 2f, 1f, 3f, 0f },
        { 2f, 1.5f, 0.5f, 0f, 3f, 1f, 0.5f },
        { 4f, 0.5f, 0.5f, 1f, 0f, 2f, 0f },
        { 0.5f, 3f, 0.5f, 3f, 1f, 0f, 0f },
        { 4f, 0f, 1f, 0f, 0.5f, 0.5f, 0f },
    };

    private readonly ChordVoicer _voicer = new();

    /// <summary>Generates <paramref name="beats"/> beats from the current time.</summary>
    /// <param name="beats">Length in beats, 1/16–4096 (rounded to 64th notes).</param>
    /// <returns>The generated notes, in order; the stream ends exactly <paramref name="beats"/> later.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="beats"/> is out of range.</exception>
    public IReadOnlyList<GeneratedNote> Continue(double beats)
    {
        if (!(beats is >= 1.0 / 16 and <= 4096))
        {
            throw new ArgumentOutOfRangeException(nameof(beats), beats, "Continue takes 1/16 to 4096 beats.");
        }

        return GenerateUntil(_time + (long)Math.Round(beats * MuseVocabulary.StepsPerBeat));
    }

    /// <summary>Completes the current bar (if the stream is inside one), then generates <paramref name="bars"/> whole bars.</summary>
    /// <param name="bars">1–1024.</param>
    /// <returns>The generated notes; the stream ends on a bar line.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bars"/> is out of range.</exception>
    public IReadOnlyList<GeneratedNote> ContinueBars(int bars)
    {
        if (bars is < 1 or > 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(bars), bars, "Continue takes 1–1024 bars.");
        }

        return GenerateUntil(NextBarLine() + (bars * BarSteps()));
    }

    /// <summary>The next bar: <see cref="ContinueBars"/> with one bar.</summary>
    /// <returns>The generated notes.</returns>
    public IReadOnlyList<GeneratedNote> NextBar() => ContinueBars(1);

    /// <summary>The next bar's ghost notes: only notes whose confidence reaches <see cref="GenerationOptions.GhostNoteThreshold"/>.</summary>
    /// <returns>The notes worth offering; the stream still advances by the whole bar.</returns>
    public IReadOnlyList<GeneratedNote> SuggestNextBar()
    {
        float threshold = Options.GhostNoteThreshold;
        return [.. NextBar().Where(n => n.Confidence >= threshold)];
    }

    /// <summary>
    /// A drum fill up to the next downbeat (a whole bar when the stream is on a bar line), leaning on toms and snare,
    /// resolved by a kick and crash on the downbeat.
    /// </summary>
    /// <returns>The fill and its resolution (the last two notes, confidence 1, on the downbeat).</returns>
    public IReadOnlyList<GeneratedNote> DrumFill()
    {
        long end = NextBarLine();
        if (end == _time)
        {
            end += BarSteps();
        }

        GenerationMode? previousMode = _modeOverride;
        _modeOverride = GenerationMode.Percussive;
        _fillBias = FillBias;
        var notes = new List<GeneratedNote>();
        try
        {
            notes.AddRange(GenerateUntil(end));
            _fillBias = 0f;
            _collector = notes;
            EnsureModeMarker();
            ForceShiftTo(end);
            Feed(MuseVocabulary.Velocity(14));
            Feed(MuseVocabulary.NoteOn(36)); // kick
            Feed(MuseVocabulary.Duration(DurationBins.BinOf(1)));
            Feed(MuseVocabulary.NoteOn(49)); // crash cymbal 1
            Feed(MuseVocabulary.Duration(DurationBins.BinOf(1)));
        }
        finally
        {
            _collector = null;
            _fillBias = 0f;
            _modeOverride = previousMode;
        }

        return notes;
    }

    /// <summary>
    /// A progression of voiced diatonic triads, one per bar from the next bar line: the first and (from three bars)
    /// the last chord are the tonic, the others are drawn from common-practice transitions weighted by the model's
    /// preference for each chord's tones. Bass in octave 2, three upper voices led smoothly.
    /// </summary>
    /// <param name="key">The key (every note is in its scale).</param>
    /// <param name="bars">1–256.</param>
    /// <returns>Four notes per bar, bass first.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bars"/> is out of range.</exception>
    public IReadOnlyList<GeneratedNote> ChordProgression(MusicalKey key, int bars)
    {
        if (bars is < 1 or > 256)
        {
            throw new ArgumentOutOfRangeException(nameof(bars), bars, "A progression has 1–256 bars.");
        }

        GenerationMode? previousMode = _modeOverride;
        MusicalKey? previousKey = _keyOverride;
        _modeOverride = GenerationMode.Tonal;
        _keyOverride = key;
        var notes = new List<GeneratedNote>();
        try
        {
            EnsureModeMarker();
            ForceShiftTo(NextBarLine());
            _collector = notes;
            _voicer.Reset();
            long barSteps = BarSteps();
            int durationBin = DurationBins.BinOf(barSteps / (double)MuseVocabulary.StepsPerBeat);
            int velocityBin = ChordVelocityBin();
            Span<int> pitches = stackalloc int[4];
            int degree = 0;
            for (int bar = 0; bar < bars; bar++)
            {
                long barStart = _time;
                degree = bar == 0 || (bar == bars - 1 && bars >= 3) ? 0 : ChooseDegree(key, degree);
                _voicer.Voice(key, degree, pitches);
                Feed(MuseVocabulary.Velocity(velocityBin));
                foreach (int pitch in pitches)
                {
                    Feed(MuseVocabulary.NoteOn(pitch));
                    Feed(MuseVocabulary.Duration(durationBin));
                }

                ForceShiftTo(barStart + barSteps);
            }
        }
        finally
        {
            _collector = null;
            _modeOverride = previousMode;
            _keyOverride = previousKey;
        }

        return notes;
    }

    /// <summary>
    /// Regenerates the span [<paramref name="startBeat"/>, <paramref name="endBeat"/>) of <paramref name="music"/>
    /// between the fixed music before and after it: several candidates are sampled after the music before the span,
    /// and the one under which the model finds the music after the span most likely (the first 64 tokens of it) wins.
    /// </summary>
    /// <param name="music">The whole passage; notes starting inside the span are replaced.</param>
    /// <param name="startBeat">Span start, in beats (0 or more).</param>
    /// <param name="endBeat">Span end, in beats (after the start).</param>
    /// <param name="candidates">How many candidates to sample, 1–16.</param>
    /// <returns>The new notes of the span. Afterwards the stream is primed with the whole passage, infill included.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The span or the candidate count is out of range.</exception>
    public IReadOnlyList<GeneratedNote> Infill(ReadOnlySpan<BeatNote> music, double startBeat, double endBeat, int candidates = 4)
    {
        if (!(startBeat is >= 0 and <= MuseTokenizer.MaxBeats))
        {
            throw new ArgumentOutOfRangeException(nameof(startBeat), startBeat, "The span must start at 0 beats or later.");
        }

        if (!(endBeat > startBeat && endBeat <= MuseTokenizer.MaxBeats))
        {
            throw new ArgumentOutOfRangeException(nameof(endBeat), endBeat, "The span must end after it starts.");
        }

        if (candidates is < 1 or > MaxCandidates)
        {
            throw new ArgumentOutOfRangeException(nameof(candidates), candidates, $"Use 1–{MaxCandidates} candidates.");
        }

        var before = new List<BeatNote>();
        var after = new List<BeatNote>();
        var shiftedAfter = new List<BeatNote>();
        foreach (BeatNote n in music)
        {
            if (n.StartBeats < startBeat)
            {
                before.Add(n);
            }
            else if (n.StartBeats >= endBeat)
            {
                after.Add(n);
                shiftedAfter.Add(n with { StartBeats = n.StartBeats - endBeat });
            }
        }

        int[] afterTokens = _tokenizer.Encode(shiftedAfter.ToArray());
        ReadOnlySpan<int> scored = afterTokens.AsSpan(1, Math.Min(afterTokens.Length - 2, MaxScoredTokens)); // no START/END
        int[] beforeTokens = _tokenizer.Encode(before.ToArray());
        long startSteps = (long)Math.Round(startBeat * MuseVocabulary.StepsPerBeat);
        long endSteps = (long)Math.Round(endBeat * MuseVocabulary.StepsPerBeat);
        IReadOnlyList<GeneratedNote> best = [];
        double bestScore = double.NegativeInfinity;
        for (int c = 0; c < candidates; c++)
        {
            PrimeTokens(beforeTokens);
            ForceShiftTo(startSteps);
            IReadOnlyList<GeneratedNote> candidate = GenerateUntil(endSteps);
            ForceShiftTo(endSteps);
            double score = 0;
            foreach (int token in scored)
            {
                score += LogProbability(token);
                Feed(token);
            }

            if (score > bestScore || c == 0)
            {
                bestScore = score;
                best = candidate;
            }
        }

        var whole = new List<BeatNote>(before.Count + best.Count + after.Count);
        whole.AddRange(before);
        whole.AddRange(best.Select(n => n.ToBeatNote()));
        whole.AddRange(after);
        Prime(whole.ToArray());
        return best;
    }

    private List<GeneratedNote> GenerateUntil(long limit)
    {
        var notes = new List<GeneratedNote>();
        _collector = notes;
        _limit = limit;
        try
        {
            // Bounded: every grid step admits at most MaxEventsPerStep events of at most three tokens each.
            long budget = (Math.Max(limit - _time, 0) * ((3 * Options.MaxEventsPerStep) + 1)) + 16;
            for (long i = 0; i < budget && TryStep(out _); i++)
            {
            }
        }
        finally
        {
            _collector = null;
            _limit = long.MaxValue;
        }

        return notes;
    }

    /// <summary>Feeds TIME_SHIFT tokens until the clock reaches <paramref name="target"/> (finishing a pending note first).</summary>
    private void ForceShiftTo(long target)
    {
        if (_phase == GrammarPhase.AfterNoteOn)
        {
            Feed(MuseVocabulary.Duration(0));
        }

        while (_time < target)
        {
            Feed(MuseVocabulary.TimeShift((int)Math.Min(MuseVocabulary.MaxShiftSteps, target - _time)));
        }
    }

    private long BarSteps() => Math.Max(1, (long)Math.Round(BeatsPerBar * MuseVocabulary.StepsPerBeat));

    private long NextBarLine()
    {
        long bar = BarSteps();
        return (_time + bar - 1) / bar * bar;
    }

    private double LogProbability(int token)
    {
        float max = float.NegativeInfinity;
        foreach (float l in _logits)
        {
            max = Math.Max(max, l);
        }

        double sum = 0;
        foreach (float l in _logits)
        {
            sum += Math.Exp(l - max);
        }

        return _logits[token] - max - Math.Log(sum);
    }

    private int ChordVelocityBin()
    {
        PerformanceStats? stats = Options.State?.Current.Performance;
        int velocity = stats is { Count: > 0 } ? (int)Math.Round(stats.Mean) : 84;
        return MuseVocabulary.VelocityBin(Math.Clamp(velocity, 1, 127));
    }

    /// <summary>Draws the next degree: prior transition weight × the model's probability mass on the chord's tones.</summary>
    private int ChooseDegree(MusicalKey key, int previous)
    {
        Span<float> notes = _logits.AsSpan(MuseVocabulary.NoteOnFirst, MuseVocabulary.NoteOnCount);
        float max = float.NegativeInfinity;
        foreach (float l in notes)
        {
            max = Math.Max(max, l);
        }

        Span<double> classMass = stackalloc double[12];
        classMass.Clear();
        double total = 0;
        for (int pitch = 0; pitch < notes.Length; pitch++)
        {
            double e = Math.Exp(notes[pitch] - max);
            classMass[pitch % 12] += e;
            total += e;
        }

        Span<double> weights = stackalloc double[7];
        double sum = 0;
        for (int d = 0; d < 7; d++)
        {
            double mass = (classMass[ChordVoicer.PitchClass(key, d)] + classMass[ChordVoicer.PitchClass(key, d + 2)]
                + classMass[ChordVoicer.PitchClass(key, d + 4)]) / total;
            weights[d] = DegreePrior[previous, d] * (mass + 0.05);
            sum += weights[d];
        }

        double u = _random.NextDouble() * sum, acc = 0;
        for (int d = 0; d < 7; d++)
        {
            acc += weights[d];
            if (u < acc && weights[d] > 0)
            {
                return d;
            }
        }

        return 4; // only reached through rounding: the dominant
    }
}
