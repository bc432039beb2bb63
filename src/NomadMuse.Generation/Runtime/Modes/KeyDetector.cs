using NomadMuse.Generation.Tokens;
using NomadMuse.State;

namespace NomadMuse.Generation.Runtime.Modes;

/// <summary>
/// Krumhansl–Schmuckler key finding over a sliding window: the duration-weighted pitch-class histogram of the
/// recent notes is correlated (Pearson) with the 24 rotated Krumhansl–Kessler probe-tone profiles, and the best
/// key wins. A detected key changes (a modulation) only when another key beats it by <see cref="ModulationMargin"/>.
/// </summary>
/// <remarks>
/// <see cref="Add"/> and <see cref="Update"/> allocate nothing (a fixed ring of <see cref="Capacity"/> notes), so a
/// session may call them while generating. Not thread-safe: one detector per stream.
/// Profiles: Krumhansl &amp; Kessler (1982), as tabulated in Krumhansl, <i>Cognitive Foundations of Musical Pitch</i> (1990).
/// </remarks>
public sealed class KeyDetector
{
    /// <summary>How many recent notes the ring keeps.</summary>
    public const int Capacity = 512;

    private static readonly double[] MajorProfile = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88];
    private static readonly double[] MinorProfile = [6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17];

    private readonly double[] _starts = new double[Capacity];
    private readonly float[] _weights = new float[Capacity];
    private readonly byte[] _classes = new byte[Capacity];
    private readonly double[] _histogram = new double[12];
    private readonly double[] _scores = new double[24];
    private int _next, _count;
    private double _latest;

    /// <summary>Creates a detector.</summary>
    /// <param name="windowBeats">How far back (from the latest note start) notes count, in beats; 1–4096.</param>
    /// <param name="minimumNotes">Notes needed in the window before a key is reported; 1–512.</param>
    /// <param name="modulationMargin">How much higher (in correlation, 0–2) a new key must score than the current one to replace it.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public KeyDetector(double windowBeats = 32, int minimumNotes = 8, double modulationMargin = 0.05)
    {
        if (!(windowBeats is >= 1 and <= 4096))
        {
            throw new ArgumentOutOfRangeException(nameof(windowBeats), windowBeats, "The window must be 1–4096 beats.");
        }

        if (minimumNotes is < 1 or > Capacity)
        {
            throw new ArgumentOutOfRangeException(nameof(minimumNotes), minimumNotes, $"Must be 1–{Capacity}.");
        }

        if (!(modulationMargin is >= 0 and <= 2))
        {
            throw new ArgumentOutOfRangeException(nameof(modulationMargin), modulationMargin, "The margin is a correlation difference, 0–2.");
        }

        WindowBeats = windowBeats;
        MinimumNotes = minimumNotes;
        ModulationMargin = modulationMargin;
    }

    /// <summary>The sliding window, in beats.</summary>
    public double WindowBeats { get; }

    /// <summary>Notes needed in the window before a key is reported.</summary>
    public int MinimumNotes { get; }

    /// <summary>The correlation lead a new key needs to replace the current one.</summary>
    public double ModulationMargin { get; }

    /// <summary>The detected key, or <see langword="null"/> before enough notes were seen.</summary>
    public MusicalKey? Current { get; private set; }

    /// <summary>The correlation (−1…1) of <see cref="Current"/> at the last <see cref="Update"/>.</summary>
    public double Correlation { get; private set; }

    /// <summary>Adds a pitched note. Allocation-free.</summary>
    /// <param name="pitch">MIDI key (any integer; its pitch class counts).</param>
    /// <param name="startBeats">Start in beats (notes should arrive roughly in time order).</param>
    /// <param name="durationBeats">Length in beats; the weight is the length clamped to 1/16–4 beats.</param>
    public void Add(int pitch, double startBeats, double durationBeats)
    {
        _starts[_next] = startBeats;
        _weights[_next] = (float)Math.Clamp(durationBeats, 0.0625, 4.0);
        _classes[_next] = (byte)(((pitch % 12) + 12) % 12);
        _next = (_next + 1) % Capacity;
        _count = Math.Min(_count + 1, Capacity);
        _latest = Math.Max(_latest, startBeats);
    }

    /// <summary>Forgets every note and the current key.</summary>
    public void Reset()
    {
        _next = _count = 0;
        _latest = 0;
        Current = null;
        Correlation = 0;
    }

    /// <summary>Re-evaluates the window; returns true when <see cref="Current"/> changed. Allocation-free.</summary>
    public bool Update()
    {
        Array.Clear(_histogram);
        int inWindow = 0;
        double from = _latest - WindowBeats;
        for (int i = 0; i < _count; i++)
        {
            if (_starts[i] >= from)
            {
                _histogram[_classes[i]] += _weights[i];
                inWindow++;
            }
        }

        if (inWindow < MinimumNotes)
        {
            return false;
        }

        Score(_histogram, _scores);
        int best = 0;
        for (int k = 1; k < 24; k++)
        {
            if (_scores[k] > _scores[best])
            {
                best = k;
            }
        }

        MusicalKey candidate = KeyOf(best);
        if (Current is { } current)
        {
            double currentScore = _scores[IndexOf(current)];
            if (candidate == current || _scores[best] - currentScore < ModulationMargin)
            {
                Correlation = currentScore;
                return false;
            }
        }

        Current = candidate;
        Correlation = _scores[best];
        return true;
    }

    /// <summary>The best key of a whole passage (pitched notes only; drums are ignored).</summary>
    /// <param name="notes">The notes.</param>
    /// <param name="correlation">The winning correlation, or 0 when there are no pitched notes.</param>
    /// <returns>The key, or <see langword="null"/> when there are no pitched notes.</returns>
    public static MusicalKey? Estimate(ReadOnlySpan<BeatNote> notes, out double correlation)
    {
        Span<double> histogram = stackalloc double[12];
        int pitched = 0;
        foreach (BeatNote n in notes)
        {
            if (!n.IsDrum)
            {
                histogram[n.Pitch % 12] += Math.Clamp(n.DurationBeats, 0.0625, 4.0);
                pitched++;
            }
        }

        correlation = 0;
        if (pitched == 0)
        {
            return null;
        }

        Span<double> scores = stackalloc double[24];
        Score(histogram, scores);
        int best = 0;
        for (int k = 1; k < 24; k++)
        {
            if (scores[k] > scores[best])
            {
                best = k;
            }
        }

        correlation = scores[best];
        return KeyOf(best);
    }

    /// <summary>Pearson correlation of a pitch-class histogram with each key profile: 0–11 major on C…B, 12–23 minor.</summary>
    /// <param name="histogram">12 weights, C first.</param>
    /// <param name="scores">Receives 24 correlations (0 for a flat histogram).</param>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public static void Score(ReadOnlySpan<double> histogram, Span<double> scores)
    {
        if (histogram.Length != 12 || scores.Length != 24)
        {
            throw new ArgumentException("Expected a 12-bin histogram and 24 score slots.", nameof(histogram));
        }

        for (int mode = 0; mode < 2; mode++)
        {
            double[] profile = mode == 0 ? MajorProfile : MinorProfile;
            for (int tonic = 0; tonic < 12; tonic++)
            {
                scores[(mode * 12) + tonic] = Pearson(histogram, profile, tonic);
            }
        }
    }

    private static double Pearson(ReadOnlySpan<double> histogram, double[] profile, int tonic)
    {
        double mx = 0, my = 0;
        for (int i = 0; i < 12; i++)
        {
            mx += histogram[i];
            my += profile[i];
        }

        mx /= 12;
        my /= 12;
        double sxy = 0, sxx = 0, syy = 0;
        for (int pc = 0; pc < 12; pc++)
        {
            double x = histogram[pc] - mx, y = profile[(pc - tonic + 12) % 12] - my;
            sxy += x * y;
            sxx += x * x;
            syy += y * y;
        }

        return sxx > 0 ? sxy / Math.Sqrt(sxx * syy) : 0;
    }

    private static MusicalKey KeyOf(int index) => new(index % 12, index < 12 ? KeyMode.Major : KeyMode.Minor);

    private static int IndexOf(MusicalKey key) => key.Tonic + (key.Mode == KeyMode.Major ? 0 : 12);
}
