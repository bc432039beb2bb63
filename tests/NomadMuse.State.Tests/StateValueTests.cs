using System.Collections.Immutable;
using NomadMuse.State;

namespace NomadMuse.State.Tests;

public sealed class StateValueTests
{
    [Theory]
    [InlineData(19.9, null)]
    [InlineData(20.0, Band.SubBass)]
    [InlineData(59.99, Band.SubBass)]
    [InlineData(60.0, Band.Bass)]
    [InlineData(300.0, Band.LowMid)]
    [InlineData(1000.0, Band.Mid)]
    [InlineData(2000.0, Band.HighMid)]
    [InlineData(8000.0, Band.Presence)]
    [InlineData(12000.0, Band.Air)]
    [InlineData(20000.0, Band.Air)]
    [InlineData(20000.1, null)]
    [InlineData(double.NaN, null)]
    public void BandOf_UsesSeedEdges(double hz, Band? expected)
    {
        Assert.Equal(expected, BandInfo.BandOf(hz));
    }

    [Fact]
    public void BandInfo_EdgesAreContiguousAndMatchSeed()
    {
        float[] expected = [20, 60, 250, 500, 2000, 6000, 12000, 20000];
        for (int b = 0; b < BandInfo.Count; b++)
        {
            Assert.Equal(expected[b], BandInfo.LowHz((Band)b));
            Assert.Equal(expected[b + 1], BandInfo.HighHz((Band)b));
        }

        Assert.Equal(1000f, BandInfo.CenterHz(Band.Mid), 3);
        Assert.Throws<ArgumentOutOfRangeException>(() => BandInfo.LowHz((Band)7));
    }

    [Fact]
    public void BandEnergies_ValidatesLengthAndNaN()
    {
        Assert.Throws<ArgumentException>(() => new BandEnergies(new float[6]));
        Assert.Throws<ArgumentException>(() => new BandEnergies([0, 0, 0, float.NaN, 0, 0, 0]));
        var energies = new BandEnergies([1, 2, 3, 4, 5, 6, 7]);
        Assert.Equal(4f, energies[Band.Mid]);
        Assert.Equal(9f, energies.With(Band.Air, 9)[Band.Air]);
        Assert.Equal(7f, energies[Band.Air]);
    }

    [Fact]
    public void TrackInfo_ValidatesRanges()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrackInfo(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrackInfo(0, confidence: 1.5f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrackInfo(0, (InstrumentClass)21));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrackInfo(0, volumeDb: float.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrackInfo(0) with { Confidence = -0.1f });
        Assert.Equal(float.NegativeInfinity, new TrackInfo(0, volumeDb: float.NegativeInfinity).VolumeDb);
    }

    [Fact]
    public void MixSuggestion_ValidatesAndDefaultsTrackIds()
    {
        var s = new MixSuggestion(SuggestionSeverity.Info, null, 0, 0, MixAction.Gain, -1, 0, "Lower the master by 1 dB");
        Assert.True(s.TrackIds.IsEmpty);
        Assert.Throws<ArgumentOutOfRangeException>(() => new MixSuggestion(SuggestionSeverity.Info, Band.Air, 500, 400, MixAction.Cut, 1, 1, "x"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MixSuggestion(SuggestionSeverity.Info, Band.Air, 0, 1, MixAction.Cut, float.NaN, 1, "x"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MixSuggestion(SuggestionSeverity.Info, Band.Air, 0, 1, MixAction.Cut, 1, -1, "x"));
        Assert.Throws<ArgumentNullException>(() => new MixSuggestion(SuggestionSeverity.Info, Band.Air, 0, 1, MixAction.Cut, 1, 1, null!));
    }

    [Fact]
    public void Preferences_DefaultsAndValidation()
    {
        UserPreferences p = UserPreferences.Default;
        Assert.Equal(3f, p.SuggestionToleranceDb);
        Assert.Equal(1f, p.GenerationTemperature);
        Assert.Equal(SharingConsent.LocalOnly, p.Sharing);
        Assert.True(p.LocalLearning);
        Assert.Throws<ArgumentOutOfRangeException>(() => p with { GenerationTemperature = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => p with { SuggestionToleranceDb = float.NaN });
        Assert.Throws<ArgumentOutOfRangeException>(() => p with { Sharing = (SharingConsent)9 });
    }

    [Fact]
    public void MusicalContext_RejectsBadTempo()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MusicalContext(default, 0, default));
        Assert.Throws<ArgumentOutOfRangeException>(() => MusicalContext.Default with { TempoBpm = double.NaN });
        Assert.Equal(120, MusicalContext.Default.TempoBpm);
    }

    [Fact]
    public void StateSnapshot_RejectsNullParts()
    {
        Assert.Throws<ArgumentNullException>(() => StateSnapshot.Initial with { Mix = null! });
        Assert.Throws<ArgumentNullException>(() => new MixContext(null!));
        Assert.Throws<ArgumentNullException>(() => MixContext.Empty with { Bands = null! });
        Assert.True((MixContext.Empty with { Suggestions = default }).Suggestions.IsEmpty);
        Assert.True(StateSnapshot.Initial.Mix.Suggestions.IsEmpty);
        Assert.Equal(ImmutableDictionary<int, TrackInfo>.Empty, StateSnapshot.Initial.Tracks);
    }
}
