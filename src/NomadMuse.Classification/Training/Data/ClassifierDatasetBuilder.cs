using System.Globalization;
using NomadMuse.Classification.Data;
using NomadMuse.Core.Audio;

namespace NomadMuse.Classification.Training.Data;

/// <summary>
/// Renders a labelled clip folder (<c>labels.csv</c> + mono 16-bit WAV clips of 0.5–2 s) from a
/// <see cref="DatasetRecipe"/>: GM programs through FluidSynth (one generated MIDI file per program, notes spread over
/// the instrument's range with random velocity and length), SoundFont drum kits key by key, Hydrogen kit samples
/// converted with SoX, and eSpeak NG utterances as vocal stand-ins.
/// </summary>
/// <remarks>Single-threaded; writes progress lines through the log callback. Existing output is replaced.</remarks>
public sealed class ClassifierDatasetBuilder
{
    private const double MinClipSeconds = 0.5;
    private const double MaxClipSeconds = 2.0;
    private static readonly string[] Texts =
    [
        "aaaaah", "la la la la la", "oh oh oh oh", "ooooh yeah", "hey hey hey", "mmm hmm mmm", "na na na na na",
        "the night is young and so are we", "sing it loud", "I will always love you", "hallelujah", "yeah yeah yeah",
        "oh baby baby", "take me home", "da da da dum", "we are the champions", "let it be", "shine on", "hold me close",
        "ah ah ah ah ah", "ee oh ee oh", "fly away with me", "one more time", "dancing in the moonlight",
    ];

    private readonly DatasetRecipe _recipe;
    private readonly Action<string> _log;
    private readonly Random _random;
    private readonly List<ClipLabel> _labels = [];
    private string _folder = "";

    /// <summary>Creates a builder.</summary>
    /// <param name="recipe">What to render.</param>
    /// <param name="log">Receives progress lines.</param>
    public ClassifierDatasetBuilder(DatasetRecipe recipe, Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(log);
        _recipe = recipe;
        _log = log;
        _random = new Random((int)recipe.Seed);
    }

    /// <summary>Names the tools the recipe needs that are not on PATH (empty when all are there).</summary>
    /// <returns>Missing tool names.</returns>
    public static IReadOnlyList<string> MissingTools() =>
        [.. new[] { "fluidsynth", "sox", "espeak-ng" }.Where(t => ExternalTools.Find(t) is null)];

    /// <summary>Renders every source into <paramref name="folder"/> and writes its <c>labels.csv</c> last.</summary>
    /// <param name="folder">Output folder (created).</param>
    /// <returns>The labels written.</returns>
    /// <exception cref="InvalidOperationException">A tool is missing or failed.</exception>
    public IReadOnlyList<ClipLabel> Build(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        IReadOnlyList<string> missing = MissingTools();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"Data preparation needs {string.Join(", ", missing)} (apt-get install fluidsynth fluid-soundfont-gm musescore-general-soundfont-small hydrogen-drumkits avldrums.lv2-soundfont espeak-ng sox).");
        }

        _folder = folder;
        Directory.CreateDirectory(Path.Combine(folder, "clips"));
        string scratch = Path.Combine(folder, "scratch");
        Directory.CreateDirectory(scratch);
        _labels.Clear();
        RenderPrograms(scratch);
        RenderSoundFontKits(scratch);
        RenderHydrogenKits(scratch);
        RenderVoices(scratch);
        Directory.Delete(scratch, true);
        LabelsFile.Write(Path.Combine(folder, LabelsFile.FileName), _labels);
        _log($"[{_recipe.Name}] {_labels.Count} clips written to {folder}");
        return _labels;
    }

    /// <summary>The MIDI range a GM program is rendered over (roughly the instrument's playable range).</summary>
    /// <param name="program">0–127.</param>
    /// <returns>Lowest and highest MIDI note.</returns>
    public static (int Low, int High) PitchRange(int program) => program switch
    {
        40 => (55, 96),
        41 => (48, 84),
        42 => (36, 72),
        43 => (28, 55),
        47 => (40, 55),
        52 or 53 => (43, 79),
        56 => (55, 82),
        58 => (28, 55),
        _ => (program / 8) switch
        {
            0 => (36, 96),
            1 => (55, 96),
            2 => (36, 84),
            3 => (40, 79),
            4 => (28, 55),
            7 => (40, 79),
            8 or 13 => (45, 81),
            9 => (60, 96),
            10 => (45, 84),
            15 => (48, 72),
            _ => (40, 80),
        },
    };

    private void RenderPrograms(string scratch)
    {
        var programsPerClass = new int[InstrumentClasses.Count + 1];
        for (int p = 0; p < 128; p++)
        {
            programsPerClass[GeneralMidiClassMap.ForProgram(p)]++;
        }

        // Sixteen programs per FluidSynth run: loading a large (or compressed .sf3) SoundFont dominates the cost.
        for (int first = 0; first < 128; first += 16)
        {
            var notes = new List<ScheduledNote>();
            double t = 0;
            for (int program = first; program < first + 16; program++)
            {
                int classId = GeneralMidiClassMap.ForProgram(program);
                int count = Math.Clamp(8 * _recipe.NotesPerProgram / programsPerClass[classId], _recipe.NotesPerProgram, 4 * _recipe.NotesPerProgram);
                (int low, int high) = PitchRange(program);
                for (int i = 0; i < count; i++)
                {
                    double duration = 0.25 + (_random.NextDouble() * 1.3);
                    notes.Add(new ScheduledNote(t, duration, _random.Next(low, high + 1), _random.Next(40, 128), program));
                    t += duration + 1.5;
                }
            }

            int written = RenderNotes(scratch, _recipe.MelodicSoundFont, 0, first, notes, $"p{first:000}",
                n => GeneralMidiClassMap.ForProgram(n.Program, n.Pitch), n => Math.Min(n.Duration + 0.45, MaxClipSeconds),
                n => $"{Path.GetFileNameWithoutExtension(_recipe.MelodicSoundFont)} program {n.Program}");
            _log($"[{_recipe.Name}] programs {first}–{first + 15}: {written} clips");
        }
    }

    private void RenderSoundFontKits(string scratch)
    {
        foreach (DrumSoundFontKit kit in _recipe.DrumKits)
        {
            var notes = new List<ScheduledNote>();
            double t = 0;
            for (int key = GeneralMidiClassMap.FirstDrumKey; key <= GeneralMidiClassMap.LastDrumKey; key++)
            {
                for (int h = 0; h < _recipe.DrumHitsPerKey; h++)
                {
                    notes.Add(new ScheduledNote(t, 0.3, key, _random.Next(50, 128)));
                    t += 2.2;
                }
            }

            int written = RenderNotes(scratch, kit.SoundFont, kit.Channel, kit.Program, notes, $"kit_{Slug(kit.Label)}",
                n => GeneralMidiClassMap.ForDrumKey(n.Pitch), n => GeneralMidiClassMap.ForDrumKey(n.Pitch) == 3 ? 1.6 : 1.0, _ => kit.Label);
            _log($"[{_recipe.Name}] {kit.Label}: {written} clips");
        }
    }

    private int RenderNotes(string scratch, string soundFont, int channel, int program, List<ScheduledNote> notes, string prefix,
        Func<ScheduledNote, int> classOf, Func<ScheduledNote, double> clipSeconds, Func<ScheduledNote, string> source)
    {
        string midi = Path.Combine(scratch, prefix + ".mid");
        string wav = Path.Combine(scratch, prefix + ".wav");
        File.WriteAllBytes(midi, MidiNoteFile.Create(channel, program, notes));
        ExternalTools.Run("fluidsynth", ["-ni", "-R", "0", "-C", "0", "-g", "0.6", "-F", wav, "-r", _recipe.SampleRate.ToString(CultureInfo.InvariantCulture), soundFont, midi], TimeSpan.FromMinutes(20));
        float[] audio = ReadMono(wav);
        File.Delete(wav);
        File.Delete(midi);
        int written = 0;
        for (int i = 0; i < notes.Count; i++)
        {
            int classId = classOf(notes[i]);
            if (classId == 0)
            {
                continue;
            }

            int start = (int)((MidiNoteFile.LeadInSeconds + notes[i].Start) * _recipe.SampleRate);
            int length = (int)(Math.Max(clipSeconds(notes[i]), MinClipSeconds) * _recipe.SampleRate);
            if (start >= audio.Length)
            {
                continue;
            }

            float[] clip = audio.AsSpan(start, Math.Min(length, audio.Length - start)).ToArray();
            if (AddClip($"{prefix}_{i:000}", clip, classId, source(notes[i])))
            {
                written++;
            }
        }

        return written;
    }

    private void RenderHydrogenKits(string scratch)
    {
        foreach (string kit in _recipe.HydrogenKits)
        {
            if (!Directory.Exists(kit))
            {
                _log($"[{_recipe.Name}] kit {kit} not found, skipped");
                continue;
            }

            int written = 0, index = 0;
            string label = Path.GetFileName(kit);
            foreach ((string path, int classId, string instrument) in HydrogenKit.ReadSamples(kit))
            {
                float[] audio = Convert(path, Path.Combine(scratch, "sample.wav"));
                int length = Math.Min(audio.Length, (int)((classId == 3 ? 1.6 : 1.0) * _recipe.SampleRate));
                if (AddClip($"h2_{Slug(label)}_{index++:000}", audio.AsSpan(0, length).ToArray(), classId, $"{label}: {instrument}"))
                {
                    written++;
                }
            }

            _log($"[{_recipe.Name}] Hydrogen {label}: {written} clips");
        }
    }

    private void RenderVoices(string scratch)
    {
        foreach ((IReadOnlyList<string> voices, int classId) in new[] { (_recipe.MaleVoices, 15), (_recipe.FemaleVoices, 16) })
        {
            foreach (string voice in voices)
            {
                int written = 0;
                for (int u = 0; u < _recipe.UtterancesPerVoice; u++)
                {
                    string raw = Path.Combine(scratch, "speech.wav");
                    string text = Texts[_random.Next(Texts.Length)];
                    ExternalTools.Run("espeak-ng", ["-v", voice, "-p", _random.Next(25, 80).ToString(CultureInfo.InvariantCulture),
                        "-s", _random.Next(90, 170).ToString(CultureInfo.InvariantCulture), "-w", raw, text], TimeSpan.FromMinutes(1));
                    float[] audio = Convert(raw, Path.Combine(scratch, "speech22.wav"));
                    int first = Array.FindIndex(audio, s => Math.Abs(s) > 0.01f);
                    if (first < 0)
                    {
                        continue;
                    }

                    int length = Math.Min(audio.Length - first, (int)(MaxClipSeconds * _recipe.SampleRate));
                    if (AddClip($"voice_{Slug(voice)}_{u:000}", audio.AsSpan(first, length).ToArray(), classId, $"espeak-ng {voice} \"{text}\""))
                    {
                        written++;
                    }
                }

                _log($"[{_recipe.Name}] voice {voice} (class {classId}): {written} clips");
            }
        }
    }

    private float[] Convert(string input, string output)
    {
        ExternalTools.Run("sox", [input, "-r", _recipe.SampleRate.ToString(CultureInfo.InvariantCulture), "-c", "1", "-b", "16", output], TimeSpan.FromMinutes(1));
        float[] audio = ReadMono(output);
        File.Delete(output);
        return audio;
    }

    private static float[] ReadMono(string path)
    {
        AudioBuffer buffer = WavFile.ReadAll(path);
        return buffer.Channels == 1 ? buffer.Samples : buffer.ToMono().Samples;
    }

    private bool AddClip(string name, float[] clip, int classId, string source)
    {
        float peak = 0;
        foreach (float s in clip)
        {
            peak = Math.Max(peak, Math.Abs(s));
        }

        if (peak < 1e-3f)
        {
            return false; // no sample behind this key or note
        }

        int minimum = (int)(MinClipSeconds * _recipe.SampleRate);
        if (clip.Length < minimum)
        {
            Array.Resize(ref clip, minimum);
        }

        // Peak levels spread over -1 … -18 dBFS so level is not a cue.
        float gain = MathF.Pow(10f, -(1f + (17f * (float)_random.NextDouble())) / 20f) / peak;
        for (int i = 0; i < clip.Length; i++)
        {
            clip[i] *= gain;
        }

        string file = $"clips/{name}.wav";
        WavFile.Write(Path.Combine(_folder, file), new AudioBuffer(_recipe.SampleRate, 1, clip), WavEncoding.Pcm16);
        _labels.Add(new ClipLabel(file, classId, InstrumentClasses.GetName(classId), InstrumentClasses.IsPercussive(classId), source));
        return true;
    }

    private static string Slug(string text) =>
        new([.. text.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '_')]);
}
