using NomadMuse.Generation.Midi;
using NomadMuse.Generation.Tokens;

namespace NomadMuse.Generation.Training;

/// <summary>
/// What <see cref="SwingDetection.Detect"/> does to the tracks of some MIDI files: how many it flags as swung, their
/// ratios, and how the grid onset error of the flagged tracks changes when their onsets are straightened first.
/// </summary>
/// <remarks>
/// Computed from the MIDI notes (the token store keeps no note times), with the same per-track estimate the store
/// uses. The error is each onset's distance to the grid position its token decodes to, in milliseconds through the
/// tempo at that onset: straight = nearest straight grid step; detected = the step after straightening, swung back.
/// </remarks>
/// <param name="Tracks">Note-bearing tracks of the readable files.</param>
/// <param name="Unreadable">Files that could not be read as MIDI.</param>
/// <param name="Estimated">Tracks whose <see cref="TrackSwing.Estimate"/> alone is above 0.5 (flagged or not).</param>
/// <param name="Ratios">The estimated ratios of the flagged tracks, ascending.</param>
/// <param name="SwungOnsets">Notes in the flagged tracks.</param>
/// <param name="MovedOnsets">Notes of the flagged tracks whose grid step differs with detection (their tokens change).</param>
/// <param name="StraightErrorMs">Mean onset error of the flagged tracks' notes on the straight grid (0 when none).</param>
/// <param name="DetectedErrorMs">Mean onset error of the same notes with detection (0 when none).</param>
public sealed record SwingCensus(int Tracks, int Unreadable, int Estimated, IReadOnlyList<double> Ratios, long SwungOnsets, long MovedOnsets,
    double StraightErrorMs, double DetectedErrorMs)
{
    /// <summary>Tracks flagged as swung.</summary>
    public int SwungTracks => Ratios.Count;

    /// <summary>Takes the census of <paramref name="paths"/>.</summary>
    /// <param name="paths">MIDI files.</param>
    /// <param name="gridStepsPerBeat">The tokenizer's grid (<see cref="TokenizerOptions.GridStepsPerBeat"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gridStepsPerBeat"/> is not 1, 2, 4, 8 or 16.</exception>
    public static SwingCensus Take(IEnumerable<string> paths, int gridStepsPerBeat = 4)
    {
        ArgumentNullException.ThrowIfNull(paths);
        _ = new TokenizerOptions { GridStepsPerBeat = gridStepsPerBeat }; // validates the grid
        int tracks = 0, unreadable = 0, estimated = 0;
        long onsets = 0, moved = 0;
        double straightMs = 0, detectedMs = 0;
        var ratios = new List<double>();
        foreach (string path in paths)
        {
            MidiFile file;
            try
            {
                file = MidiFile.Read(path);
            }
            catch (Exception e) when (e is MidiFormatException or IOException)
            {
                unreadable++;
                continue;
            }

            int tpq = file.TicksPerQuarterNote;
            foreach (MidiTrack track in file.Tracks)
            {
                if (track.Notes.Count == 0)
                {
                    continue;
                }

                tracks++;
                estimated += TrackSwing.Estimate(track, tpq) > 0.5 ? 1 : 0;
                double ratio = TrackSwing.Detect(track, tpq, gridStepsPerBeat);
                if (ratio <= 0.5)
                {
                    continue;
                }

                ratios.Add(ratio);
                foreach (MidiNote note in track.Notes)
                {
                    double beats = note.StartTick / (double)tpq;
                    double msPerBeat = file.TempoMap.MicrosecondsPerQuarterNoteAt(note.StartTick) / 1000.0;
                    straightMs += TrackSwing.GridError(beats, 0.5, gridStepsPerBeat) * msPerBeat;
                    detectedMs += TrackSwing.GridError(beats, ratio, gridStepsPerBeat) * msPerBeat;
                    onsets++;
                    // The grid step is what the token says (MuseTokenizer.Step rounds the same way).
                    moved += Math.Round(beats * gridStepsPerBeat, MidpointRounding.AwayFromZero)
                        != Math.Round(SwingGrid.Straighten(beats, ratio) * gridStepsPerBeat, MidpointRounding.AwayFromZero) ? 1 : 0;
                }
            }
        }

        ratios.Sort();
        return new SwingCensus(tracks, unreadable, estimated, ratios, onsets, moved,
            onsets == 0 ? 0 : straightMs / onsets, onsets == 0 ? 0 : detectedMs / onsets);
    }

    /// <summary>The census of the files of all <paramref name="parts"/> together (each file in one part).</summary>
    public static SwingCensus Combine(IEnumerable<SwingCensus> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        SwingCensus[] list = [.. parts];
        long onsets = list.Sum(p => p.SwungOnsets);
        // The means are per onset, so the parts weigh by their onsets.
        double Mean(Func<SwingCensus, double> error) => onsets == 0 ? 0 : list.Sum(p => error(p) * p.SwungOnsets) / onsets;
        return new SwingCensus(list.Sum(p => p.Tracks), list.Sum(p => p.Unreadable), list.Sum(p => p.Estimated), [.. list.SelectMany(p => p.Ratios).Order()],
            onsets, list.Sum(p => p.MovedOnsets), Mean(p => p.StraightErrorMs), Mean(p => p.DetectedErrorMs));
    }

    /// <summary>The ratio at quantile <paramref name="q"/> (0–1, nearest rank) of the flagged tracks; NaN when none.</summary>
    public double RatioAt(double q)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(q, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(q, 1);
        return Ratios.Count == 0 ? double.NaN : Ratios[(int)Math.Min(Ratios.Count - 1, Math.Floor(q * Ratios.Count))];
    }
}
