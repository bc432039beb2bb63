using System.Globalization;
using NomadMuse.Core.Models;
using NomadMuse.Generation.Midi;
using NomadMuse.Generation.Runtime;
using NomadMuse.Generation.Runtime.Modes;
using NomadMuse.Generation.Tokens;
using NomadMuse.State;

namespace NomadMuse.Studio.Commands;

/// <summary>
/// The logic of the <c>continue</c>, <c>drums</c>, <c>chords</c> and <c>infill</c> commands, independent of the
/// command-line parser so tests can call it. Exit codes: 0 success, 1 a file or model problem, 2 a bad argument.
/// </summary>
internal static class GenerationRunner
{
    /// <summary>Settings shared by the four commands.</summary>
    /// <param name="Adjustment">Makes the sessions' logit adjustment (e.g. a personal adapter) for the loaded generator; null for none.</param>
    public sealed record Common(string Output, string? ModelPath, long? Seed, TextWriter Out, TextWriter Error,
        Func<NomadMuse.Generation.Model.GeneratorModel, ILogitAdjustment>? Adjustment = null);

    public static int Continue(string input, int bars, string mode, string? key, bool softKey, float temperature, float topP, Common common)
    {
        if (!CheckBars(bars, "--bars", common.Error) || !TryMode(mode, out GenerationMode parsedMode, common.Error)
            || !TryKey(key, out MusicalKey? parsedKey, common.Error))
        {
            return 2;
        }

        if (!TryReadMidi(input, common.Error, out MidiFile? file))
        {
            return 1;
        }

        return Run(common, () =>
        {
            UnifiedState state = StateFor(file);
            GenerationSession session = Open(common, new GenerationOptions
            {
                State = state,
                Mode = parsedMode,
                Key = parsedKey,
                KeyConstraint = softKey ? KeyConstraint.Soft : KeyConstraint.Strict,
                Temperature = temperature,
                TopP = topP,
                Seed = common.Seed,
            });
            BeatNote[] original = MuseTokenizer.ToBeatNotes(file);
            if (original.Length == 0)
            {
                throw new ArgumentException($"{input}: the file has no notes to continue.");
            }

            session.Prime(file);
            double from = session.Beat;
            IReadOnlyList<GeneratedNote> added = session.ContinueBars(bars);
            Write(common.Output, [.. original, .. added.Select(n => n.ToBeatNote())], state);
            common.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {common.Output}: {original.Length} notes in, {added.Count} generated from beat {from:0.##} to {session.Beat:0.##} ({Describe(session)})"));
        });
    }

    public static int Drums(int bars, bool fill, Common common)
    {
        if (!CheckBars(bars, "--bars", common.Error))
        {
            return 2;
        }

        return Run(common, () =>
        {
            var state = new UnifiedState();
            GenerationSession session = Open(common, new GenerationOptions { State = state, Mode = GenerationMode.Percussive, Seed = common.Seed });
            var notes = new List<GeneratedNote>();
            int groove = fill ? bars - 1 : bars;
            if (groove > 0)
            {
                notes.AddRange(session.ContinueBars(groove));
            }

            if (fill)
            {
                notes.AddRange(session.DrumFill());
            }

            Write(common.Output, [.. notes.Select(n => n.ToBeatNote())], state);
            common.Out.WriteLine($"wrote {common.Output}: {notes.Count} drum hits over {bars} bar(s){(fill ? ", ending in a fill resolved on the next downbeat" : "")}");
        });
    }

    public static int Chords(string key, int bars, Common common)
    {
        if (!CheckBars(bars, "--bars", common.Error) || !TryKey(key, out MusicalKey? parsed, common.Error) || parsed is null)
        {
            return 2;
        }

        if (bars > 256)
        {
            common.Error.WriteLine($"error: --bars must be 1–256 for a progression (got {bars}).");
            return 2;
        }

        return Run(common, () =>
        {
            var state = new UnifiedState();
            GenerationSession session = Open(common, new GenerationOptions { State = state, Mode = GenerationMode.Tonal, Key = parsed, Seed = common.Seed });
            IReadOnlyList<GeneratedNote> notes = session.ChordProgression(parsed.Value, bars);
            Write(common.Output, [.. notes.Select(n => n.ToBeatNote())], state);
            string roots = string.Join(" ", notes.Where((_, i) => i % 4 == 0).Select(n => NoteName(n.Pitch)));
            common.Out.WriteLine($"wrote {common.Output}: {bars} chord(s) in {parsed.Value}, bass {roots}");
        });
    }

    public static int Infill(string input, int fromBar, int toBar, Common common)
    {
        if (!CheckBars(fromBar, "--from-bar", common.Error) || !CheckBars(toBar, "--to-bar", common.Error))
        {
            return 2;
        }

        if (toBar < fromBar)
        {
            common.Error.WriteLine($"error: --to-bar ({toBar}) must not be before --from-bar ({fromBar}).");
            return 2;
        }

        if (!TryReadMidi(input, common.Error, out MidiFile? file))
        {
            return 1;
        }

        return Run(common, () =>
        {
            UnifiedState state = StateFor(file);
            GenerationSession session = Open(common, new GenerationOptions { State = state, Seed = common.Seed });
            BeatNote[] music = MuseTokenizer.ToBeatNotes(file);
            double bar = session.BeatsPerBar, start = (fromBar - 1) * bar, end = toBar * bar;
            IReadOnlyList<GeneratedNote> span = session.Infill(music, start, end);
            BeatNote[] kept = [.. music.Where(n => n.StartBeats < start || n.StartBeats >= end)];
            Write(common.Output, [.. kept, .. span.Select(n => n.ToBeatNote())], state);
            common.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {common.Output}: bars {fromBar}–{toBar} (beats {start:0.##}–{end:0.##}) regenerated, {music.Length - kept.Length} notes replaced by {span.Count} ({Describe(session)})"));
        });
    }

    private static int Run(Common common, Action body)
    {
        try
        {
            body();
            return 0;
        }
        catch (ArgumentException e)
        {
            common.Error.WriteLine($"error: {FirstLine(e.Message)}");
            return 2;
        }
        catch (ModelFormatException e)
        {
            common.Error.WriteLine($"error: {common.ModelPath}: {e.Message}");
            return 1;
        }
        catch (InvalidOperationException e)
        {
            common.Error.WriteLine($"error: {FirstLine(e.Message)}{(common.ModelPath is null ? " Pass --model <file.nmm>." : "")}");
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            common.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    private static GenerationSession Open(Common common, GenerationOptions options)
    {
        MuseGenerator generator = common.ModelPath is null ? MuseGenerator.LoadDefault() : LoadModel(common.ModelPath);
        return generator.OpenSession(common.Adjustment is null ? options : options with { LogitAdjustment = common.Adjustment(generator.Model) });
    }

    private static MuseGenerator LoadModel(string path) =>
        File.Exists(path) ? MuseGenerator.Load(path) : throw new FileNotFoundException($"{path}: model file not found.", path);

    private static UnifiedState StateFor(MidiFile file)
    {
        var state = new UnifiedState();
        state.SetTempo(Math.Clamp(60_000_000.0 / file.TempoMap.MicrosecondsPerQuarterNoteAt(0), 1, 1000));
        // Bars follow the file's opening time signature; a one-beat signature (1/4, POP909's placeholder) is not a
        // real meter, so those files keep 4/4.
        if (file.TimeSignatures.Count > 0 && file.TimeSignatures[0] is { Tick: 0, Numerator: > 1 } ts && ts.Denominator is >= 1 and <= 64)
        {
            state.SetTimeSignature(new NomadMuse.State.TimeSignature(ts.Numerator, ts.Denominator));
        }

        return state;
    }

    private static void Write(string path, BeatNote[] notes, UnifiedState state) =>
        GeneratedMidi.ToMidiFile(notes, state.Current.Music.TempoBpm).Write(path);

    private static string Describe(GenerationSession session) =>
        session.EffectiveMode == GenerationMode.Percussive ? "drums" : $"tonal, {session.CurrentKey}";

    private static bool TryReadMidi(string path, TextWriter error, out MidiFile file)
    {
        file = null!;
        try
        {
            file = MidiFile.Read(path);
            return true;
        }
        catch (MidiFormatException e)
        {
            error.WriteLine($"error: {path}: not a readable MIDI file: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {path}: {e.Message}");
        }

        return false;
    }

    private static bool CheckBars(int bars, string option, TextWriter error)
    {
        if (bars is >= 1 and <= 1024)
        {
            return true;
        }

        error.WriteLine($"error: {option} must be 1–1024 (got {bars}).");
        return false;
    }

    private static bool TryMode(string mode, out GenerationMode parsed, TextWriter error)
    {
        parsed = mode.ToUpperInvariant() switch
        {
            "AUTO" => GenerationMode.Auto,
            "TONAL" => GenerationMode.Tonal,
            "DRUMS" or "PERCUSSIVE" => GenerationMode.Percussive,
            _ => (GenerationMode)(-1),
        };
        if (Enum.IsDefined(parsed))
        {
            return true;
        }

        error.WriteLine($"error: --mode must be auto, tonal or drums (got '{mode}').");
        return false;
    }

    private static bool TryKey(string? key, out MusicalKey? parsed, TextWriter error)
    {
        parsed = null;
        if (key is null)
        {
            return true;
        }

        if (MusicalKey.TryParse(key, out MusicalKey k))
        {
            parsed = k;
            return true;
        }

        error.WriteLine($"error: '{key}' is not a key; use e.g. \"C minor\", \"F# major\" or \"Bb\".");
        return false;
    }

    private static string NoteName(int pitch) =>
        new[] { "C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B" }[pitch % 12] + ((pitch / 12) - 1).ToString(CultureInfo.InvariantCulture);

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
