using System.Globalization;
using System.Text;
using NomadMuse.Generation.Evaluation;
using NomadMuse.Generation.Model;
using NomadMuse.Generation.Runtime;
using NomadMuse.Generation.Runtime.Modes;
using NomadMuse.Generation.Tokens;
using NomadMuse.State;

namespace NomadMuse.Generation.Training;

/// <summary>
/// Musical checks of generated continuations (issue #4): each file's first bars are the prompt, every track with
/// enough prompt notes is continued by a seeded session, and the continuation is measured against the prompt with
/// <see cref="MusicalMetrics"/> — beside the file's real next bars, measured the same way.
/// </summary>
/// <remarks>
/// <para>The prompt runs from the bar line at or before the file's first note for
/// <see cref="ContinuationCheckOptions.PromptBeats"/>; every track is primed with its own tokens up to the prompt's
/// end (the clock advanced exactly to it), so the continuation and the reference cover the same beats. Files whose
/// music ends before the continuation window does are skipped, so the reference is never cut short.</para>
/// <para>The key is Krumhansl–Schmuckler (<see cref="KeyDetector.Estimate"/>) over the pitched prompt notes of all
/// tracks. Tonal tracks are generated with no key constraint, so the in-key share measures the model; a second run
/// with the runtime defaults (strict mask, detected key) shows what a host gets. Drum tracks run in percussive mode,
/// whose mask keeps hits on 35–81, so the model's own preference is measured from its unmasked logits
/// (<see cref="MusicalMetrics.NoteMassOnKeys"/>) at each generated drum note; likewise, for tonal tracks, the model's
/// in-key probability at each real note of the continuation window, teacher-forced on the real music
/// (<see cref="MusicalMetrics.NoteMassInKey"/>), separates what the model expects from what sampling makes of it. The kit of a group is every drum key its
/// training split uses.</para>
/// <para>Deterministic for a given model, store and options. Allocates; not for real-time threads.</para>
/// </remarks>
public static class ContinuationChecker
{
    /// <summary>Continues and measures files of a token store.</summary>
    /// <param name="generator">The generator.</param>
    /// <param name="store">Tokenized files (the store's tokenizer options must be the defaults, as the model's training used).</param>
    /// <param name="candidateFiles">Indices into <see cref="TokenStore.Files"/> that may be checked.</param>
    /// <param name="options">Prompt and continuation lengths, sample size, seed; null for the defaults.</param>
    /// <param name="groupOf">The group (corpus) of a file index, or null for none; the default puts every file in none.</param>
    /// <returns>The statistics, over all checked files and per group.</returns>
    public static MusicalScores Check(MuseGenerator generator, TokenStore store, IEnumerable<int> candidateFiles,
        ContinuationCheckOptions? options = null, Func<int, string?>? groupOf = null)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(candidateFiles);
        options ??= new ContinuationCheckOptions();
        groupOf ??= _ => null;
        var tracksOf = store.Sequences.ToLookup(s => s.FileIndex);
        var kits = TrainingKits(store, groupOf);
        var scores = new MusicalScores();
        var tokenizer = new MuseTokenizer();
        foreach (var group in candidateFiles.Distinct().GroupBy(f => groupOf(f) ?? string.Empty))
        {
            IReadOnlySet<int> kit = kits.TryGetValue(group.Key, out var k) ? k : new HashSet<int>();
            int done = 0;
            foreach (int file in group.OrderBy(f => OrderKey(options.Seed, store.Files[f].RelativePath)).ThenBy(f => f))
            {
                if (done == options.FilesPerGroup)
                {
                    break;
                }

                MusicalComparison[] targets = group.Key.Length == 0 ? [scores.All] : [scores.All, scores.Group(group.Key)];
                if (CheckFile(generator, [.. tracksOf[file]], tokenizer, options, kit, targets))
                {
                    done++;
                }
            }
        }

        return scores;
    }

    private static bool CheckFile(MuseGenerator generator, IReadOnlyList<TrackSequence> tracks, MuseTokenizer tokenizer,
        ContinuationCheckOptions options, IReadOnlySet<int> kit, MusicalComparison[] targets)
    {
        BeatNote[][] decoded = [.. tracks.Select(t => tokenizer.Decode(Array.ConvertAll(t.Tokens, x => (int)x)).Notes.ToArray())];
        if (decoded.All(d => d.Length == 0))
        {
            return false;
        }

        double first = decoded.Where(d => d.Length > 0).Min(d => d.Min(n => n.StartBeats));
        double start = Math.Floor(first / options.BeatsPerBar) * options.BeatsPerBar;
        double promptEnd = start + options.PromptBeats, end = promptEnd + options.ContinuationBeats;
        double musicEnd = decoded.Where(d => d.Length > 0).Max(d => d.Max(n => n.StartBeats + n.DurationBeats));
        if (musicEnd < end)
        {
            return false; // the real continuation would be cut short
        }

        BeatNote[] Window(BeatNote[] notes, double from, double to) => [.. notes.Where(n => n.StartBeats >= from && n.StartBeats < to)];
        BeatNote[] allPrompt = [.. decoded.SelectMany(d => Window(d, start, promptEnd))];
        MusicalKey? key = KeyDetector.Estimate(allPrompt, out _);
        bool any = false;
        for (int t = 0; t < tracks.Count; t++)
        {
            BeatNote[] prompt = Window(decoded[t], start, promptEnd);
            if (prompt.Length < options.MinPromptNotes)
            {
                continue;
            }

            any = true;
            TrackSequence track = tracks[t];
            bool drums = track.TrackType == (int)TrackType.Percussive;
            BeatNote[] real = Window(decoded[t], promptEnd, end);
            int[] primer = PromptTokens(track.Tokens, (long)Math.Round(promptEnd * MuseVocabulary.StepsPerBeat));
            var free = new GenerationOptions
            {
                Seed = unchecked((options.Seed * 1_000_003) + (track.FileIndex * 131L) + t),
                Mode = drums ? GenerationMode.Percussive : GenerationMode.Tonal,
                KeyConstraint = KeyConstraint.None,
                Instrument = track.Instrument > 0 ? (InstrumentClass)track.Instrument : null,
            };
            var masses = new List<(double Drum, double Kit)>();
            BeatNote[] generated = Generate(generator.OpenSession(free), primer, promptEnd, end, drums ? masses : null, kit);
            List<double> inKeyMasses = drums || key is not { } promptKey ? [] : TeacherForcedInKeyMass(generator.Model, track,
                (long)Math.Round(promptEnd * MuseVocabulary.StepsPerBeat), (long)Math.Round(end * MuseVocabulary.StepsPerBeat), promptKey);
            BeatNote[] constrained = drums ? [] : Generate(generator.OpenSession(free with { KeyConstraint = KeyConstraint.Strict }), primer, promptEnd, end, null, kit);
            foreach (var target in targets)
            {
                if (drums)
                {
                    target.Generated.AddDrums(prompt, options.PromptBeats, generated, options.ContinuationBeats, kit);
                    target.Reference.AddDrums(prompt, options.PromptBeats, real, options.ContinuationBeats, kit);
                    foreach (var (drum, kitMass) in masses)
                    {
                        target.Generated.AddDrumMass(drum, kitMass);
                    }
                }
                else
                {
                    target.Generated.AddTonal(prompt, options.PromptBeats, generated, options.ContinuationBeats, key);
                    foreach (double mass in inKeyMasses)
                    {
                        target.Generated.AddInKeyMass(mass);
                    }

                    target.Constrained.AddTonal(prompt, options.PromptBeats, constrained, options.ContinuationBeats, key);
                    target.Reference.AddTonal(prompt, options.PromptBeats, real, options.ContinuationBeats, key);
                }
            }
        }

        if (any)
        {
            foreach (var target in targets)
            {
                target.Files++;
            }
        }

        return any;
    }

    /// <summary>
    /// The track's tokens before <paramref name="endSteps"/>, cut at a time shift and followed by time shifts up to
    /// exactly <paramref name="endSteps"/> (the real track was silent until then, so the model may know it).
    /// </summary>
    internal static int[] PromptTokens(ReadOnlySpan<ushort> tokens, long endSteps)
    {
        var result = new List<int>();
        long time = 0;
        foreach (ushort token in tokens)
        {
            if (token == MuseVocabulary.End)
            {
                break;
            }

            if (MuseVocabulary.KindOf(token) == MuseTokenKind.TimeShift)
            {
                long shift = MuseVocabulary.TimeShiftSteps(token);
                if (time + shift >= endSteps)
                {
                    break;
                }

                time += shift;
            }

            result.Add(token);
        }

        for (; time < endSteps; time += Math.Min(MuseVocabulary.MaxShiftSteps, endSteps - time))
        {
            result.Add(MuseVocabulary.TimeShift((int)Math.Min(MuseVocabulary.MaxShiftSteps, endSteps - time)));
        }

        return [.. result];
    }

    /// <summary>Primes the session and samples until <paramref name="end"/>; returns the notes starting in [from, end).</summary>
    private static BeatNote[] Generate(GenerationSession session, int[] primer, double from, double end,
        List<(double Drum, double Kit)>? masses, IReadOnlySet<int> kit)
    {
        session.PrimeTokens(primer);
        var notes = new List<BeatNote>();
        float[] raw = new float[MuseVocabulary.Size];
        bool lastIsNote = false;
        // Bounded like the session's own GenerateUntil: every grid step admits a limited number of events.
        long budget = ((long)Math.Ceiling((end - session.Beat) * MuseVocabulary.StepsPerBeat) * ((3 * session.Options.MaxEventsPerStep) + 1)) + 16;
        for (long i = 0; i < budget && session.Beat < end; i++)
        {
            session.RawLogits.CopyTo(raw);
            if (!session.TryStep(out PredictedEvent e))
            {
                break;
            }

            if (e.Kind == MuseTokenKind.NoteOn && e.Beat >= from && e.Beat < end)
            {
                notes.Add(new BeatNote(e.Beat, DurationBins.BeatsOf(0), e.Pitch, e.Velocity, e.IsDrum));
                masses?.Add((MusicalMetrics.NoteMassOnKeys(raw), MusicalMetrics.NoteMassOnKeys(raw, kit)));
                lastIsNote = true;
            }
            else
            {
                if (lastIsNote && e.Kind == MuseTokenKind.Duration)
                {
                    notes[^1] = notes[^1] with { DurationBeats = e.DurationBeats };
                }

                lastIsNote = false;
            }
        }

        return [.. notes];
    }

    /// <summary>
    /// The model's in-key probability at each real NOTE_ON whose step is in [<paramref name="fromSteps"/>,
    /// <paramref name="toSteps"/>), fed the track's own tokens from its start (fresh state, the track's conditioning,
    /// as in training): what the model expects when it is shown the real music, free of any sampling or mask.
    /// </summary>
    private static List<double> TeacherForcedInKeyMass(GeneratorModel model, TrackSequence track, long fromSteps, long toSteps, MusicalKey key)
    {
        GeneratorState state = model.CreateState();
        state.SetContext(track.Instrument, track.TrackType);
        float[] logits = new float[MuseVocabulary.Size];
        var masses = new List<double>();
        long time = 0;
        for (int i = 0; i + 1 < track.Tokens.Length && time < toSteps; i++)
        {
            int token = track.Tokens[i];
            model.Step(token, state, logits);
            if (MuseVocabulary.KindOf(token) == MuseTokenKind.TimeShift)
            {
                time += MuseVocabulary.TimeShiftSteps(token);
            }

            if (time >= fromSteps && time < toSteps && MuseVocabulary.KindOf(track.Tokens[i + 1]) == MuseTokenKind.NoteOn)
            {
                masses.Add(MusicalMetrics.NoteMassInKey(logits, key));
            }
        }

        return masses;
    }

    /// <summary>Per group, every drum key its training-split drum tracks use.</summary>
    private static Dictionary<string, HashSet<int>> TrainingKits(TokenStore store, Func<int, string?> groupOf)
    {
        var kits = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        foreach (var seq in store.InSplit(DatasetSplit.Train).Where(s => s.TrackType == (int)TrackType.Percussive))
        {
            string group = groupOf(seq.FileIndex) ?? string.Empty;
            if (!kits.TryGetValue(group, out var kit))
            {
                kit = [];
                kits.Add(group, kit);
            }

            foreach (ushort token in seq.Tokens)
            {
                if (MuseVocabulary.KindOf(token) == MuseTokenKind.NoteOn)
                {
                    kit.Add(token - MuseVocabulary.NoteOnFirst);
                }
            }
        }

        return kits;
    }

    /// <summary>FNV-1a 64 of "seed:path": a seeded order independent of the machine and the other files.</summary>
    private static ulong OrderKey(long seed, string relativePath)
    {
        ulong hash = 14695981039346656037UL;
        foreach (byte b in Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{seed}:{relativePath}")))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }
}
