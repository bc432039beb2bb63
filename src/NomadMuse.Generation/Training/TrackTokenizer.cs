using NomadMuse.Generation.Midi;
using NomadMuse.Generation.Tokens;
using NomadMuse.State;

namespace NomadMuse.Generation.Training;

/// <summary>Turns a MIDI file into one token sequence per note-bearing track, with instrument and track-type labels.</summary>
public static class TrackTokenizer
{
    /// <summary>Tokenizes every track that has notes. Channel-10 tracks are percussive, the others tonal.</summary>
    /// <param name="file">The file.</param>
    /// <param name="tokenizer">The store's tokenizer.</param>
    /// <param name="fileIndex">The file's index in the store.</param>
    /// <param name="swing">
    /// With <see cref="SwingDetection.Detect"/>, a track that <see cref="TrackSwing.Detect"/> finds swung is tokenized
    /// with its ratio instead of the tokenizer's; each sequence records the ratio it got.
    /// </param>
    public static IReadOnlyList<TrackSequence> Tokenize(MidiFile file, MuseTokenizer tokenizer, int fileIndex, SwingDetection swing = SwingDetection.Off)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(tokenizer);
        var result = new List<TrackSequence>();
        foreach (var track in file.Tracks)
        {
            if (track.Notes.Count == 0)
            {
                continue;
            }

            // Per track, not per file: drummers swing while a piano part may play straight, or the reverse.
            double estimate = swing == SwingDetection.Detect ? TrackSwing.Detect(track, file.TicksPerQuarterNote, tokenizer.GridStepsPerBeat) : 0.5;
            MuseTokenizer used = estimate > 0.5 ? tokenizer.WithSwingRatio(estimate) : tokenizer;
            int[] tokens = used.Encode(track, file.TicksPerQuarterNote);
            if (tokens.Length < 3)
            {
                continue;
            }

            bool drums = track.IsPercussion;
            int instrument = drums ? 0 : InstrumentOfProgram(track.Programs.Count > 0 ? track.Programs[0].Program : -1);
            result.Add(new TrackSequence(fileIndex, instrument, (int)(drums ? TrackType.Percussive : TrackType.Tonal),
                Array.ConvertAll(tokens, t => (ushort)t), used.SwingRatio));
        }

        return result;
    }

    /// <summary>
    /// Maps a General MIDI program (0–127; −1 = none given) to an <see cref="InstrumentClass"/> number, 0 = unknown.
    /// </summary>
    public static int InstrumentOfProgram(int program) => program switch
    {
        < 0 or > 127 => 0,
        4 or 5 => (int)InstrumentClass.ElectricPianoSynth,
        <= 15 => (int)InstrumentClass.PianoKeys,          // pianos, chromatic percussion
        <= 23 => (int)InstrumentClass.ElectricPianoSynth, // organs
        <= 25 => (int)InstrumentClass.AcousticGuitar,
        <= 28 => (int)InstrumentClass.ElectricGuitarClean,
        <= 31 => (int)InstrumentClass.ElectricGuitarDistorted,
        32 => (int)InstrumentClass.AcousticBass,
        <= 39 => (int)InstrumentClass.ElectricBass,
        <= 51 => (int)InstrumentClass.Strings,
        <= 54 => (int)InstrumentClass.VocalsFemale,       // choir / voice: no gender in GM
        <= 55 => (int)InstrumentClass.Strings,
        <= 63 => (int)InstrumentClass.Brass,
        <= 79 => (int)InstrumentClass.Woodwinds,
        <= 87 => (int)InstrumentClass.SynthLead,
        <= 95 => (int)InstrumentClass.SynthPad,
        <= 103 => (int)InstrumentClass.SoundEffects,
        <= 119 => (int)InstrumentClass.Other,
        _ => (int)InstrumentClass.SoundEffects,
    };
}
