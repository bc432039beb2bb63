using System.Diagnostics.CodeAnalysis;

namespace NomadMuse.State;

/// <summary>A key: a tonic pitch class (0 = C … 11 = B) and a <see cref="KeyMode"/>, e.g. "C minor", "F# major".</summary>
/// <remarks>
/// <para>The default value is C major. <see cref="ToString"/> spells the tonic as its key signature does (fewest
/// accidentals; F# major and Eb minor for the six-accidental keys): C, Db, D, Eb, E, F, F#, G, Ab, A, Bb, B for
/// major and C, C#, D, Eb, E, F, F#, G, G#, A, Bb, B for minor.</para>
/// <para><see cref="Parse(string)"/> accepts a letter A–G (either case), up to two accidentals (<c>#</c>, <c>♯</c>,
/// <c>b</c>, <c>♭</c>), optional spaces, and a mode: <c>major</c>/<c>maj</c>/<c>M</c> or <c>minor</c>/<c>min</c>/<c>m</c>
/// (words case-insensitive; a missing mode means major). Enharmonic spellings map to the same key
/// ("A# minor" = "Bb minor").</para>
/// </remarks>
public readonly record struct MusicalKey : IParsable<MusicalKey>
{
    private static readonly string[] MajorNames = ["C", "Db", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"];
    private static readonly string[] MinorNames = ["C", "C#", "D", "Eb", "E", "F", "F#", "G", "G#", "A", "Bb", "B"];
    private static readonly int[] LetterPitch = [9, 11, 0, 2, 4, 5, 7]; // A B C D E F G

    /// <summary>Creates a key.</summary>
    /// <param name="tonic">The tonic pitch class, 0 (C) to 11 (B).</param>
    /// <param name="mode">Major or minor.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tonic"/> is outside 0–11 or <paramref name="mode"/> is undefined.</exception>
    public MusicalKey(int tonic, KeyMode mode)
    {
        if (tonic is < 0 or > 11)
        {
            throw new ArgumentOutOfRangeException(nameof(tonic), tonic, "The tonic is a pitch class from 0 (C) to 11 (B).");
        }

        if (mode is not (KeyMode.Major or KeyMode.Minor))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "The mode is Major or Minor.");
        }

        Tonic = tonic;
        Mode = mode;
    }

    /// <summary>The tonic pitch class, 0 (C) to 11 (B).</summary>
    public int Tonic { get; }

    /// <summary>Major or minor.</summary>
    public KeyMode Mode { get; }

    /// <summary>The conventional spelling of the tonic, e.g. "Bb" or "F#".</summary>
    public string TonicName => (Mode == KeyMode.Major ? MajorNames : MinorNames)[Tonic];

    /// <summary>Whether the pitch class of <paramref name="midiNote"/> (any integer; taken mod 12) is in the key's scale.</summary>
    /// <remarks>Uses the major or natural minor scale. Allocation-free; any thread.</remarks>
    public bool Contains(int midiNote)
    {
        int degree = (((midiNote - Tonic) % 12) + 12) % 12;
        // Bit i set when interval i is in the scale.
        int scale = Mode == KeyMode.Major ? 0b1010_1011_0101 : 0b0101_1010_1101;
        return (scale & (1 << degree)) != 0;
    }

    /// <summary>Formats as "&lt;tonic&gt; major" or "&lt;tonic&gt; minor", e.g. "Bb minor".</summary>
    public override string ToString() => $"{TonicName} {(Mode == KeyMode.Major ? "major" : "minor")}";

    /// <summary>Parses a key such as "C minor", "F# major", "Bb minor", "Am" or "Eb".</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException"><paramref name="text"/> is not a key.</exception>
    public static MusicalKey Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out MusicalKey key)
            ? key
            : throw new FormatException($"'{text}' is not a musical key; expected e.g. \"C minor\", \"F# major\" or \"Bb minor\".");
    }

    /// <summary>Parses a key; <paramref name="provider"/> is ignored (key names are not culture-specific).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="s"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException"><paramref name="s"/> is not a key.</exception>
    public static MusicalKey Parse(string s, IFormatProvider? provider) => Parse(s);

    /// <summary>Tries to parse a key; <paramref name="provider"/> is ignored.</summary>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out MusicalKey result) => TryParse(s, out result);

    /// <summary>Tries to parse a key such as "C minor"; returns <see langword="false"/> for anything else.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out MusicalKey key)
    {
        key = default;
        if (text is null)
        {
            return false;
        }

        ReadOnlySpan<char> s = text.AsSpan().Trim();
        if (s.IsEmpty)
        {
            return false;
        }

        int letter = char.ToUpperInvariant(s[0]) - 'A';
        if (letter is < 0 or > 6)
        {
            return false;
        }

        int pitch = LetterPitch[letter];
        int i = 1;
        for (int count = 0; i < s.Length && count < 2; i++, count++)
        {
            int shift = s[i] switch { '#' or '♯' => 1, 'b' or '♭' => -1, _ => 0 };
            if (shift == 0)
            {
                break;
            }

            pitch += shift;
        }

        ReadOnlySpan<char> mode = s[i..].TrimStart();
        KeyMode parsed;
        if (mode.IsEmpty || mode is "M" || mode.Equals("major", StringComparison.OrdinalIgnoreCase) || mode.Equals("maj", StringComparison.OrdinalIgnoreCase))
        {
            parsed = KeyMode.Major;
        }
        else if (mode is "m" || mode.Equals("minor", StringComparison.OrdinalIgnoreCase) || mode.Equals("min", StringComparison.OrdinalIgnoreCase))
        {
            parsed = KeyMode.Minor;
        }
        else
        {
            return false;
        }

        key = new MusicalKey(((pitch % 12) + 12) % 12, parsed);
        return true;
    }
}
