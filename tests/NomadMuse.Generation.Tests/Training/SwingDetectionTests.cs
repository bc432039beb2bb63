using NomadMuse.Generation.Midi;
using NomadMuse.Generation.Runtime;
using NomadMuse.Generation.Tokens;
using NomadMuse.Generation.Training;

namespace NomadMuse.Generation.Tests.Training;

/// <summary>Per-track swing detection in the data pipeline: the flag, the straightened tokens and the cache.</summary>
public sealed class SwingDetectionTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "nm-swing-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    /// <summary>
    /// Sixteen eighths over eight beats (8 off-beats), the off-beat at <paramref name="offbeat"/> of the beat: 0.5 is
    /// straight; each note lasts until the next, as swung eighths are played.
    /// </summary>
    private static MidiFile Eighths(double offbeat) => GeneratedMidi.ToMidiFile(
        Enumerable.Range(0, 16).Select(i => new BeatNote(
            (i / 2) + (i % 2 == 0 ? 0 : offbeat),
            i % 2 == 0 ? offbeat : 1 - offbeat,
            60 + (i % 5),
            90,
            false)),
        100);

    private static ushort[] TodaysTokens(MidiFile file) =>
        Array.ConvertAll(new MuseTokenizer().Encode(file.Tracks.Single(t => t.Notes.Count > 0), file.TicksPerQuarterNote), t => (ushort)t);

    [Theory]
    [InlineData(0.62, false)] // the straight 16th grid already rounds 0.62 to 0.5, and the durations share bins
    [InlineData(0.68, true)] // past 0.625: the straight grid pulls the off-beat to the wrong 16th (0.75)
    public void Detect_SwungEighths_AreFlaggedNearTheirRatio_AndTokenizedAsTheStraightTrack(double offbeat, bool todayDiffers)
    {
        MidiFile swung = Eighths(offbeat);

        var detected = Assert.Single(TrackTokenizer.Tokenize(swung, new MuseTokenizer(), 0, SwingDetection.Detect));
        var straight = Assert.Single(TrackTokenizer.Tokenize(Eighths(0.5), new MuseTokenizer(), 0, SwingDetection.Detect));

        Assert.True(detected.IsSwung);
        Assert.Equal(offbeat, detected.SwingRatio, 0.005);
        Assert.Equal(straight.Tokens, detected.Tokens);
        Assert.Equal(todayDiffers, !TodaysTokens(swung).SequenceEqual(detected.Tokens));
    }

    [Fact]
    public void Detect_StraightTrack_IsNotFlagged_AndKeepsTodaysTokens()
    {
        MidiFile straight = Eighths(0.5);

        var sequence = Assert.Single(TrackTokenizer.Tokenize(straight, new MuseTokenizer(), 0, SwingDetection.Detect));

        Assert.False(sequence.IsSwung);
        Assert.Equal(0.5, sequence.SwingRatio);
        Assert.Equal(TodaysTokens(straight), sequence.Tokens);
    }

    [Fact]
    public void Off_SwungTrack_KeepsTodaysTokens_AndIsNotFlagged()
    {
        MidiFile swung = Eighths(0.68);

        var sequence = Assert.Single(TrackTokenizer.Tokenize(swung, new MuseTokenizer(), 0, SwingDetection.Off));

        Assert.False(sequence.IsSwung);
        Assert.Equal(TodaysTokens(swung), sequence.Tokens);
    }

    [Fact]
    public void Detect_OffbeatsSpreadEvenly_IsNotFlaggedThoughTheEstimateIsAboveHalf()
    {
        // Unquantised playing with no swing: off-beat onsets spread over 0.45–0.72 give a median of ~0.58, but
        // straightening by it does not bring them closer to the grid.
        BeatNote[] notes = [.. Enumerable.Range(0, 40).Select(i => new BeatNote(
            (i / 2) + (i % 2 == 0 ? 0 : 0.45 + (0.27 * ((i / 2 * 7) % 20) / 19.0)), 0.25, 60, 90, false))];
        MidiFile file = GeneratedMidi.ToMidiFile(notes, 100);
        MidiTrack track = file.Tracks.Single(t => t.Notes.Count > 0);

        Assert.True(TrackSwing.Estimate(track, file.TicksPerQuarterNote) > 0.54);
        Assert.Equal(0.5, TrackSwing.Detect(track, file.TicksPerQuarterNote, 4));
    }

    private string WriteFolder()
    {
        Directory.CreateDirectory(_root);
        Eighths(0.68).Write(Path.Combine(_root, "swung.mid"));
        Eighths(0.5).Write(Path.Combine(_root, "straight.mid"));
        return Path.Combine(_root, "cache");
    }

    private static TrackSequence Of(TokenStore store, string name) =>
        store.Sequences.Single(s => store.Files[s.FileIndex].RelativePath == name);

    [Fact]
    public void Store_Flag_SurvivesTheCacheRoundTrip()
    {
        string cache = WriteFolder();

        var built = TokenStore.Load(_root, null, cache, swing: SwingDetection.Detect);
        var cached = TokenStore.Load(_root, null, cache, swing: SwingDetection.Detect);

        Assert.False(built.LoadedFromCache);
        Assert.True(cached.LoadedFromCache);
        Assert.Equal(SwingDetection.Detect, cached.Swing);
        Assert.Equal(0.68, Of(cached, "swung.mid").SwingRatio, 0.005);
        Assert.Equal(Of(built, "swung.mid").SwingRatio, Of(cached, "swung.mid").SwingRatio);
        Assert.Equal(Of(built, "swung.mid").Tokens, Of(cached, "swung.mid").Tokens);
        Assert.False(Of(cached, "straight.mid").IsSwung);
        Assert.Equal(Of(cached, "straight.mid").Tokens, Of(cached, "swung.mid").Tokens);
    }

    [Fact]
    public void Store_Setting_IsPartOfTheCacheKey_SoOffNeverReusesDetectedTokens()
    {
        string cache = WriteFolder();
        TokenStore.Load(_root, null, cache, swing: SwingDetection.Detect);

        var off = TokenStore.Load(_root, null, cache, swing: SwingDetection.Off);
        var detectAgain = TokenStore.Load(_root, null, cache, swing: SwingDetection.Detect);

        Assert.False(off.LoadedFromCache);
        Assert.Equal(SwingDetection.Off, off.Swing);
        Assert.All(off.Sequences, s => Assert.False(s.IsSwung));
        Assert.Equal(TodaysTokens(Eighths(0.68)), Of(off, "swung.mid").Tokens);
        Assert.True(detectAgain.LoadedFromCache);
        Assert.True(Of(detectAgain, "swung.mid").IsSwung);
    }

    [Fact]
    public void Store_DefaultSetting_IsDetect()
    {
        WriteFolder();
        var store = TokenStore.Load(_root, null, null);

        Assert.Equal(SwingDetection.Detect, store.Swing);
        Assert.True(Of(store, "swung.mid").IsSwung);
    }

    [Fact]
    public void Census_CountsTheSwungTrack_ItsMovedOnsets_AndTheLowerError()
    {
        WriteFolder();

        var census = SwingCensus.Take([Path.Combine(_root, "swung.mid"), Path.Combine(_root, "straight.mid")]);

        Assert.Equal(2, census.Tracks);
        Assert.Equal(1, census.SwungTracks);
        Assert.Equal(0.68, census.RatioAt(0.5), 0.005);
        Assert.Equal(16, census.SwungOnsets);
        Assert.Equal(8, census.MovedOnsets); // each off-beat: the 16th at 0.75 straight, the eighth at 0.5 detected
        // At 100 BPM (600 ms a beat) the off-beat is 0.07 beat = 42 ms from 0.75: half the onsets, so 21 ms on average.
        Assert.Equal(21, census.StraightErrorMs, 0.5);
        Assert.Equal(0, census.DetectedErrorMs, 0.5);
    }
}
