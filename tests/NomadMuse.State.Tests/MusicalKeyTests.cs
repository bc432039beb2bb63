using NomadMuse.State;

namespace NomadMuse.State.Tests;

public sealed class MusicalKeyTests
{
    [Fact]
    public void ToStringThenParse_All24Keys_RoundTrip()
    {
        var seen = new HashSet<string>();
        for (int tonic = 0; tonic < 12; tonic++)
        {
            foreach (KeyMode mode in new[] { KeyMode.Major, KeyMode.Minor })
            {
                var key = new MusicalKey(tonic, mode);
                string text = key.ToString();
                Assert.Equal(key, MusicalKey.Parse(text));
                Assert.True(seen.Add(text), $"duplicate name {text}");
            }
        }

        Assert.Equal(24, seen.Count);
    }

    [Theory]
    [InlineData(0, KeyMode.Minor, "C minor")]
    [InlineData(6, KeyMode.Major, "F# major")]
    [InlineData(10, KeyMode.Minor, "Bb minor")]
    [InlineData(1, KeyMode.Major, "Db major")]
    [InlineData(1, KeyMode.Minor, "C# minor")]
    [InlineData(8, KeyMode.Minor, "G# minor")]
    [InlineData(3, KeyMode.Minor, "Eb minor")]
    [InlineData(11, KeyMode.Major, "B major")]
    public void ToString_UsesKeySignatureSpelling(int tonic, KeyMode mode, string expected)
    {
        Assert.Equal(expected, new MusicalKey(tonic, mode).ToString());
    }

    [Theory]
    [InlineData("c minor", 0, KeyMode.Minor)]
    [InlineData("  F#  MAJOR ", 6, KeyMode.Major)]
    [InlineData("Gb major", 6, KeyMode.Major)]
    [InlineData("A# minor", 10, KeyMode.Minor)]
    [InlineData("Am", 9, KeyMode.Minor)]
    [InlineData("Bbm", 10, KeyMode.Minor)]
    [InlineData("bb", 10, KeyMode.Major)]
    [InlineData("E♭ major", 3, KeyMode.Major)]
    [InlineData("F♯ min", 6, KeyMode.Minor)]
    [InlineData("Cb maj", 11, KeyMode.Major)]
    [InlineData("B# minor", 0, KeyMode.Minor)]
    [InlineData("Fbb major", 3, KeyMode.Major)]
    [InlineData("DM", 2, KeyMode.Major)]
    [InlineData("G", 7, KeyMode.Major)]
    public void Parse_VariantSpellings_MapToPitchClass(string text, int tonic, KeyMode mode)
    {
        Assert.Equal(new MusicalKey(tonic, mode), MusicalKey.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("H minor")]
    [InlineData("C dorian")]
    [InlineData("C minorx")]
    [InlineData("#C major")]
    [InlineData("C### major")]
    [InlineData("C mi nor")]
    [InlineData("1 major")]
    [InlineData("major")]
    [InlineData("Cmm")]
    public void Parse_Garbage_ThrowsFormatException(string text)
    {
        Assert.Throws<FormatException>(() => MusicalKey.Parse(text));
        Assert.False(MusicalKey.TryParse(text, out _));
    }

    [Fact]
    public void Parse_Null_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => MusicalKey.Parse(null!));
        Assert.False(MusicalKey.TryParse(null, out _));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(12)]
    public void Constructor_TonicOutOfRange_Throws(int tonic)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MusicalKey(tonic, KeyMode.Major));
    }

    [Fact]
    public void Default_IsCMajor()
    {
        Assert.Equal("C major", default(MusicalKey).ToString());
    }

    [Fact]
    public void Contains_CMajorAndAMinor_HaveTheWhiteKeys()
    {
        int[] whiteKeys = [60, 62, 64, 65, 67, 69, 71];
        for (int note = 48; note < 72; note++)
        {
            bool white = whiteKeys.Contains(((note % 12) + 60));
            Assert.Equal(white, new MusicalKey(0, KeyMode.Major).Contains(note));
            Assert.Equal(white, new MusicalKey(9, KeyMode.Minor).Contains(note));
        }

        // C minor has Eb, Ab, Bb but not E, A, B.
        var cMinor = MusicalKey.Parse("C minor");
        Assert.True(cMinor.Contains(63) && cMinor.Contains(68) && cMinor.Contains(70));
        Assert.False(cMinor.Contains(64) || cMinor.Contains(69) || cMinor.Contains(71));
        Assert.True(cMinor.Contains(-12));
    }

    [Fact]
    public void TimeSignature_ParseFormatAndValidate()
    {
        Assert.Equal("4/4", default(TimeSignature).ToString());
        Assert.Equal(new TimeSignature(7, 8), TimeSignature.Parse(" 7 / 8 "));
        Assert.Equal("6/8", new TimeSignature(6, 8).ToString());
        Assert.Throws<FormatException>(() => TimeSignature.Parse("4/3"));
        Assert.Throws<FormatException>(() => TimeSignature.Parse("four/4"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TimeSignature(0, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TimeSignature(4, 12));
    }
}
