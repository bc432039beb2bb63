using NomadMuse.Generation.Midi;
using NomadMuse.Generation.Tokens;

namespace NomadMuse.Generation.Training;

/// <summary>Eighth-note swing of one MIDI track, as the data pipeline detects it.</summary>
public static class TrackSwing
{
    /// <summary>Names of the settings, as the command-line options and <c>extra.swing_detection</c> spell them.</summary>
    public const string Choices = "detect or off";

    /// <summary>The model-file extra in which <c>train generation</c> records the setting it trained with.</summary>
    public const string ExtraKey = "swing_detection";

    /// <summary>
    /// Estimates the track's swing ratio with <see cref="MuseTokenizer.EstimateSwing"/> on its own notes (not the
    /// file's: a straight bass line under a swung ride would otherwise be straightened too).
    /// </summary>
    /// <param name="track">The track.</param>
    /// <param name="ticksPerQuarterNote">The time division of the file the track came from.</param>
    /// <returns>0.5 (straight) to 0.75.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ticksPerQuarterNote"/> is not 1–32,767.</exception>
    public static double Estimate(MidiTrack track, int ticksPerQuarterNote)
    {
        ArgumentNullException.ThrowIfNull(track);
        MidiFile.CheckTicksPerQuarterNote(ticksPerQuarterNote, nameof(ticksPerQuarterNote));
        return MuseTokenizer.EstimateSwing(MidiToBeats.Notes([track], ticksPerQuarterNote));
    }

    /// <summary>
    /// The swing ratio the pipeline tokenizes the track with under <see cref="SwingDetection.Detect"/>: the
    /// <see cref="Estimate"/> when it is above 0.5 and straightening by it brings the track's onsets at least
    /// <see cref="MinimumErrorReduction"/> closer to the grid; else 0.5 (straight).
    /// </summary>
    /// <param name="track">The track.</param>
    /// <param name="ticksPerQuarterNote">The time division of the file the track came from.</param>
    /// <param name="gridStepsPerBeat">The tokenizer's grid (<see cref="TokenizerOptions.GridStepsPerBeat"/>).</param>
    /// <returns>0.5 (straight) to 0.75.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ticksPerQuarterNote"/> is not 1–32,767.</exception>
    public static double Detect(MidiTrack track, int ticksPerQuarterNote, int gridStepsPerBeat)
    {
        double ratio = Estimate(track, ticksPerQuarterNote);
        if (ratio <= 0.5)
        {
            return 0.5;
        }

        // The estimate is a median of whatever falls between 0.45 and 0.72 of a beat, so unquantised playing with no
        // swing (rubato piano transcriptions) also yields ~0.58. Swung eighths are the ones straightening puts on the
        // grid; playing it does not fit better is left straight.
        double straight = 0, detected = 0;
        foreach (MidiNote note in track.Notes)
        {
            double beats = note.StartTick / (double)ticksPerQuarterNote;
            straight += GridError(beats, 0.5, gridStepsPerBeat);
            detected += GridError(beats, ratio, gridStepsPerBeat);
        }

        return detected <= straight * (1 - MinimumErrorReduction) ? ratio : 0.5;
    }

    /// <summary>
    /// How much lower (as a share) a track's mean onset distance to the grid must be after straightening for
    /// <see cref="Detect"/> to accept its estimate: 0.25.
    /// </summary>
    public const double MinimumErrorReduction = 0.25;

    /// <summary>The distance, in beats, from an onset to the grid position its token decodes to with <paramref name="ratio"/>.</summary>
    internal static double GridError(double beats, double ratio, int gridStepsPerBeat)
    {
        // The tokenizer's rounding (MuseTokenizer.Step) on the straightened time, swung back.
        double step = Math.Round(SwingGrid.Straighten(beats, ratio) * gridStepsPerBeat, MidpointRounding.AwayFromZero);
        return Math.Abs(SwingGrid.Swing(step / gridStepsPerBeat, ratio) - beats);
    }

    /// <summary>The name of a setting: <c>detect</c> or <c>off</c>.</summary>
    public static string Name(SwingDetection detection) => detection == SwingDetection.Detect ? "detect" : "off";

    /// <summary>Parses <c>detect</c> or <c>off</c> (any case).</summary>
    /// <param name="text">The text.</param>
    /// <param name="detection">The setting, or <see cref="SwingDetection.Off"/> when the text is neither.</param>
    /// <returns>Whether the text named a setting.</returns>
    public static bool TryParse(string? text, out SwingDetection detection)
    {
        detection = SwingDetection.Off;
        if (string.Equals(text, "detect", StringComparison.OrdinalIgnoreCase))
        {
            detection = SwingDetection.Detect;
            return true;
        }

        return string.Equals(text, "off", StringComparison.OrdinalIgnoreCase);
    }
}
