using NomadMuse.Generation.Tokens;

namespace NomadMuse.Generation.Tests.Tokens;

public sealed class MuseVocabularyTests
{
    [Fact]
    public void KindOf_EveryId_RangesHaveSeedCounts()
    {
        var counts = new Dictionary<MuseTokenKind, int>();
        for (int id = 0; id < MuseVocabulary.Size; id++)
        {
            MuseTokenKind kind = MuseVocabulary.KindOf(id);
            counts[kind] = counts.GetValueOrDefault(kind) + 1;
        }

        Assert.Equal(258, MuseVocabulary.Size);
        Assert.Equal(6, counts[MuseTokenKind.Special]);
        Assert.Equal(128, counts[MuseTokenKind.NoteOn]);
        Assert.Equal(32, counts[MuseTokenKind.Duration]);
        Assert.Equal(16, counts[MuseTokenKind.Velocity]);
        Assert.Equal(64, counts[MuseTokenKind.TimeShift]);
        Assert.Equal(12, counts[MuseTokenKind.Control]);
        Assert.Throws<ArgumentOutOfRangeException>(() => MuseVocabulary.KindOf(258));
        Assert.Throws<ArgumentOutOfRangeException>(() => MuseVocabulary.KindOf(-1));
    }

    [Fact]
    public void Constants_MatchDocumentedLayout()
    {
        // docs/tokens.md: SPECIAL 0–5, NOTE_ON 6–133, DURATION 134–165, VELOCITY 166–181, TIME_SHIFT 182–245, CONTROL 246–257.
        Assert.Equal((0, 1, 2, 3, 4, 5), (MuseVocabulary.Pad, MuseVocabulary.Start, MuseVocabulary.End, MuseVocabulary.Mask, MuseVocabulary.Sep, MuseVocabulary.Unk));
        Assert.Equal(6, MuseVocabulary.NoteOn(0));
        Assert.Equal(133, MuseVocabulary.NoteOn(127));
        Assert.Equal(134, MuseVocabulary.Duration(0));
        Assert.Equal(165, MuseVocabulary.Duration(31));
        Assert.Equal(166, MuseVocabulary.Velocity(0));
        Assert.Equal(181, MuseVocabulary.Velocity(15));
        Assert.Equal(182, MuseVocabulary.TimeShift(1));
        Assert.Equal(245, MuseVocabulary.TimeShift(64));
        Assert.Equal(246, MuseVocabulary.Control(MuseControl.SustainOn));
        Assert.Equal(257, MuseVocabulary.Control(MuseControl.PercussionOff));
        Assert.Equal("TIME_SHIFT(16/64)", MuseVocabulary.Describe(MuseVocabulary.TimeShift(16)));
        Assert.Equal("DURATION(1 beats)", MuseVocabulary.Describe(MuseVocabulary.Duration(3)));
    }

    [Theory]
    [InlineData(1, 0, 4)]
    [InlineData(7, 0, 4)]
    [InlineData(8, 1, 12)]
    [InlineData(100, 12, 100)]
    [InlineData(127, 15, 124)]
    public void VelocityBin_Values_BinAndCentre(int velocity, int bin, int centre)
    {
        Assert.Equal(bin, MuseVocabulary.VelocityBin(velocity));
        Assert.Equal(centre, MuseVocabulary.VelocityOfBin(bin));
    }

    [Theory]
    [InlineData(0.0, 0, 0.25)]
    [InlineData(0.1, 0, 0.25)]
    [InlineData(0.25, 0, 0.25)]
    [InlineData(1.0, 3, 1.0)]
    [InlineData(1.5, 5, 1.5)]
    [InlineData(2.0, 7, 2.0)]
    [InlineData(3.0, 11, 3.0)]
    [InlineData(4.0, 15, 4.0)]
    [InlineData(4.4, 16, 4.5)]
    [InlineData(6.0, 19, 6.0)]
    [InlineData(8.0, 23, 8.0)]
    [InlineData(12.0, 27, 12.0)]
    [InlineData(16.0, 31, 16.0)]
    [InlineData(100.0, 31, 16.0)]
    public void DurationBins_CommonLengths_HandComputedBins(double beats, int bin, double decoded)
    {
        Assert.Equal(bin, DurationBins.BinOf(beats));
        Assert.Equal(decoded, DurationBins.BeatsOf(bin));
    }

    [Fact]
    public void DurationBins_Scale_IncreasingAndExponentialAboveTwoBeats()
    {
        Assert.Equal(0.25, DurationBins.BeatsOf(0));
        Assert.Equal(16.0, DurationBins.BeatsOf(31));
        for (int b = 1; b < MuseVocabulary.DurationCount; b++)
        {
            double previous = DurationBins.BeatsOf(b - 1), current = DurationBins.BeatsOf(b);
            Assert.True(current > previous);
            if (previous >= 2)
            {
                Assert.InRange(current / previous, 1.06, 1.125); // 8 bins per octave
            }
        }
    }

    [Fact]
    public void DrumMap_RolandTd11_MapsEdgeZonesAndRim()
    {
        Assert.Equal(42, GeneralMidiDrumMap.Map(22, GeneralMidiDrumMap.RolandTd11));
        Assert.Equal(46, GeneralMidiDrumMap.Map(26, GeneralMidiDrumMap.RolandTd11));
        Assert.Equal(43, GeneralMidiDrumMap.Map(58, GeneralMidiDrumMap.RolandTd11));
        Assert.Equal(36, GeneralMidiDrumMap.Map(36, GeneralMidiDrumMap.RolandTd11));
        Assert.Equal(-1, GeneralMidiDrumMap.Map(20, GeneralMidiDrumMap.RolandTd11));
        Assert.Equal(-1, GeneralMidiDrumMap.Map(82, GeneralMidiDrumMap.Identity));
        Assert.Equal(58, GeneralMidiDrumMap.Map(58, GeneralMidiDrumMap.Identity));
    }

    [Fact]
    public void Options_InvalidValues_Throw()
    {
        var o = new TokenizerOptions();
        Assert.Throws<ArgumentOutOfRangeException>(() => o.GridStepsPerBeat = 3);
        Assert.Throws<ArgumentOutOfRangeException>(() => o.GridStepsPerBeat = 32);
        Assert.Throws<ArgumentOutOfRangeException>(() => o.SwingRatio = 0.49);
        Assert.Throws<ArgumentOutOfRangeException>(() => o.SwingRatio = double.NaN);
        Assert.Throws<ArgumentOutOfRangeException>(() => o.VelocityTokens = (VelocityTokenMode)7);
        Assert.Throws<ArgumentNullException>(() => o.DrumKeyMap = null!);
    }
}
