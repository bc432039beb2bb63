using NomadMuse.State;

namespace NomadMuse.Generation.Runtime.Modes;

/// <summary>
/// Diatonic chords of a key and their voicing: a root-position bass in octave 2 and three upper voices whose
/// inversion is chosen to move as little as possible from the previous chord (smooth voice leading).
/// </summary>
/// <remarks>
/// Triads are stacked thirds of the key's scale (major, or natural minor as <see cref="MusicalKey.Contains"/> uses),
/// so every voiced note is in the key. Not thread-safe (remembers the previous voicing); allocation-free.
/// </remarks>
internal sealed class ChordVoicer
{
    private const int BassLow = 36, UpperLow = 53, UpperHigh = 79, UpperCentre = 62;

    private static readonly int[] MajorSteps = [0, 2, 4, 5, 7, 9, 11];
    private static readonly int[] MinorSteps = [0, 2, 3, 5, 7, 8, 10];

    private readonly int[] _previous = new int[3];
    private bool _hasPrevious;

    /// <summary>Pitch class of scale degree <paramref name="degree"/> (0–6, wrapping) of <paramref name="key"/>.</summary>
    public static int PitchClass(MusicalKey key, int degree) =>
        (key.Tonic + (key.Mode == KeyMode.Major ? MajorSteps : MinorSteps)[degree % 7]) % 12;

    /// <summary>Forgets the previous voicing.</summary>
    public void Reset() => _hasPrevious = false;

    /// <summary>Voices the triad on <paramref name="degree"/>: writes bass then three rising upper voices into <paramref name="pitches"/> (4 entries).</summary>
    public void Voice(MusicalKey key, int degree, Span<int> pitches)
    {
        Span<int> classes = [PitchClass(key, degree), PitchClass(key, degree + 2), PitchClass(key, degree + 4)];
        pitches[0] = BassLow + classes[0];
        Span<int> best = stackalloc int[3];
        Span<int> candidate = stackalloc int[3];
        int bestCost = int.MaxValue;
        for (int inversion = 0; inversion < 3; inversion++)
        {
            for (int octave = UpperLow / 12; octave <= UpperHigh / 12; octave++)
            {
                int lowest = (octave * 12) + classes[inversion];
                candidate[0] = lowest;
                candidate[1] = Above(candidate[0], classes[(inversion + 1) % 3]);
                candidate[2] = Above(candidate[1], classes[(inversion + 2) % 3]);
                if (candidate[0] < UpperLow || candidate[2] > UpperHigh)
                {
                    continue;
                }

                int cost = 0;
                for (int v = 0; v < 3; v++)
                {
                    cost += _hasPrevious ? Math.Abs(candidate[v] - _previous[v]) : Math.Abs(candidate[v] - UpperCentre);
                }

                if (cost < bestCost)
                {
                    bestCost = cost;
                    candidate.CopyTo(best);
                }
            }
        }

        best.CopyTo(pitches[1..]);
        best.CopyTo(_previous);
        _hasPrevious = true;
    }

    private static int Above(int pitch, int pitchClass)
    {
        int next = pitch + 1;
        while (next % 12 != pitchClass)
        {
            next++;
        }

        return next;
    }
}
