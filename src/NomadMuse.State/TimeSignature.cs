using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace NomadMuse.State;

/// <summary>A time signature such as 4/4 or 6/8.</summary>
/// <remarks>The default value is 4/4.</remarks>
public readonly record struct TimeSignature
{
    private readonly int _numeratorMinusFour;
    private readonly int _denominatorMinusFour;

    /// <summary>Creates a time signature.</summary>
    /// <param name="numerator">Beats per bar, 1–64.</param>
    /// <param name="denominator">The beat unit: a power of two from 1 to 64.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public TimeSignature(int numerator, int denominator)
    {
        if (numerator is < 1 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(numerator), numerator, "The numerator runs from 1 to 64.");
        }

        if (denominator is < 1 or > 64 || (denominator & (denominator - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(denominator), denominator, "The denominator is a power of two from 1 to 64.");
        }

        // Stored as offsets from 4 so that default(TimeSignature) is 4/4.
        _numeratorMinusFour = numerator - 4;
        _denominatorMinusFour = denominator - 4;
    }

    /// <summary>The common 4/4.</summary>
    public static TimeSignature CommonTime => default;

    /// <summary>Beats per bar.</summary>
    public int Numerator => _numeratorMinusFour + 4;

    /// <summary>The note value of one beat (4 = quarter note).</summary>
    public int Denominator => _denominatorMinusFour + 4;

    /// <summary>Formats as "numerator/denominator", e.g. "6/8".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Numerator}/{Denominator}");

    /// <summary>Parses "numerator/denominator", e.g. "7/8".</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException"><paramref name="text"/> is not a valid time signature.</exception>
    public static TimeSignature Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out TimeSignature value)
            ? value
            : throw new FormatException($"'{text}' is not a time signature; expected e.g. \"4/4\" or \"6/8\".");
    }

    /// <summary>Tries to parse "numerator/denominator".</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out TimeSignature value)
    {
        value = default;
        if (text is null)
        {
            return false;
        }

        ReadOnlySpan<char> s = text.AsSpan().Trim();
        int slash = s.IndexOf('/');
        if (slash < 0
            || !int.TryParse(s[..slash].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            || !int.TryParse(s[(slash + 1)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int d)
            || n is < 1 or > 64 || d is < 1 or > 64 || (d & (d - 1)) != 0)
        {
            return false;
        }

        value = new TimeSignature(n, d);
        return true;
    }
}
