using NomadMuse.Classification.Model;
using NomadMuse.Classification.Runtime;
using NomadMuse.State;

namespace NomadMuse.Classification.Tests.Runtime;

public sealed class TrackClassifierTests
{
    private static readonly InstrumentClassifierModel Model = new(21);

    [Fact]
    public void Decide_AverageAboveThreshold_ReturnsThatInstrument()
    {
        var sums = new float[20];
        sums[0] = 3.2f; // kick, 4 frames → 0.8
        sums[1] = 0.8f;
        TrackDecision d = TrackClassifier.Decide(sums, 3.0, 4, 0.75f);
        Assert.Equal(InstrumentClass.KickDrum, d.Instrument);
        Assert.Equal(1, d.BestClassId);
        Assert.Equal(0.8f, d.Confidence, 5);
        Assert.Equal(TrackType.Percussive, d.Type);
        Assert.False(d.IsUncertain);
    }

    [Fact]
    public void Decide_AverageAtThreshold_IsUncertainButKeepsBestClassAndType()
    {
        var sums = new float[20];
        sums[9] = 3.0f; // piano 0.75: not above the threshold
        sums[11] = 1.0f;
        TrackDecision d = TrackClassifier.Decide(sums, 0.4, 4, 0.75f);
        Assert.Null(d.Instrument);
        Assert.True(d.IsUncertain);
        Assert.Equal(10, d.BestClassId);
        Assert.Equal(TrackType.Tonal, d.Type);
        Assert.Equal(0.75f, d.Confidence, 5);
    }

    [Fact]
    public void Decide_NoFrames_UnknownTypeNoInstrument()
    {
        TrackDecision d = TrackClassifier.Decide(new float[20], 0, 0, 0.75f);
        Assert.Null(d.Instrument);
        Assert.Equal(TrackType.Unknown, d.Type);
        Assert.Equal(0f, d.Confidence);
    }

    [Fact]
    public void Process_FourFramesOf50ms_DecidesOnceAndWritesTheState()
    {
        var state = new UnifiedState();
        var track = new TrackClassifier(new InstrumentClassifier(Model, 44_100), 7, state);
        float[] frame = TestSignals.Noise(2205, 0.3f, 5);
        Assert.Null(track.Process(frame));
        Assert.Null(track.Process(frame));
        Assert.Null(track.Process(frame));
        Assert.False(state.Current.Tracks.ContainsKey(7));
        TrackDecision d = track.Process(frame) ?? throw new Xunit.Sdk.XunitException("no decision after 200 ms");
        Assert.Equal(4, d.Frames);
        TrackInfo info = state.Current.Tracks[7];
        Assert.Equal(d.Instrument, info.Instrument);
        Assert.Equal(d.Type, info.Type);
        Assert.Equal(d.Confidence, info.Confidence);
        Assert.Equal(d, track.LastDecision);
        Assert.Null(track.Process(frame)); // a new window starts
    }

    [Fact]
    public void Process_100msWindow_DecidesEveryTwoFrames()
    {
        var track = new TrackClassifier(new InstrumentClassifier(Model, 48_000), 1, null, windowMilliseconds: 100);
        float[] frame = TestSignals.Noise(2400, 0.3f, 6);
        Assert.Null(track.Process(frame));
        Assert.NotNull(track.Process(frame));
        Assert.Null(track.Process(frame));
        Assert.NotNull(track.Process(frame));
    }

    [Fact]
    public void Process_Silence_PublishesUnknownWithoutInstrument()
    {
        var state = new UnifiedState();
        state.SetTrack(new TrackInfo(2) { Muted = true });
        var track = new TrackClassifier(new InstrumentClassifier(Model, 44_100), 2, state);
        TrackDecision? d = null;
        for (int i = 0; i < 4; i++)
        {
            d = track.Process(new float[2205]);
        }

        Assert.NotNull(d);
        Assert.Equal(0, d.Value.Frames);
        Assert.Equal(TrackType.Unknown, state.Current.Tracks[2].Type);
        Assert.Null(state.Current.Tracks[2].Instrument);
        Assert.True(state.Current.Tracks[2].Muted); // kept
    }

    [Fact]
    public void Process_WithoutState_AllocatesNothing()
    {
        var track = new TrackClassifier(new InstrumentClassifier(Model, 44_100), 3);
        float[] frame = TestSignals.Noise(2205, 0.3f, 8);
        long bytes = AllocationProbe.MinAllocatedBytes(() => track.Process(frame), 8);
        Assert.Equal(0, bytes);
    }

    [Theory]
    [InlineData(99.0, 0.75f)]
    [InlineData(201.0, 0.75f)]
    [InlineData(200.0, 1.0f)]
    [InlineData(200.0, 0f)]
    public void Constructor_OutOfRange_Throws(double window, float threshold)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrackClassifier(new InstrumentClassifier(Model, 44_100), 0, null, window, threshold));
    }
}
