using NomadMuse.Generation.Evaluation;
using NomadMuse.Generation.Runtime;
using NomadMuse.Generation.Tokens;
using NomadMuse.Generation.Training;
using V = NomadMuse.Generation.Tokens.MuseVocabulary;

namespace NomadMuse.Generation.Tests.Training;

public sealed class ContinuationCheckerTests : IDisposable
{
    // Prompt: beats 0–8, a C major scale one note a beat; real continuation: beats 8–14, a chromatic octave two notes
    // a beat. Drums: kick/snare on every beat 0–13. So the reference's figures are known by hand.
    private static readonly ContinuationCheckOptions Options = new() { PromptBeats = 8, ContinuationBeats = 6, Seed = 3 };
    private static readonly string[] LongSongs = ["a/one.mid", "a/two.mid", "a/three.mid", "a/four.mid"];

    private readonly string _root = Path.Combine(Path.GetTempPath(), "nm-contcheck-" + Guid.NewGuid().ToString("N"));

    public ContinuationCheckerTests()
    {
        int transpose = 0;
        foreach (string song in LongSongs)
        {
            Write(song, SongTokens(transpose, withContinuation: true));
            transpose += 5; // other keys: the in-key share must not depend on which key
        }

        Write("b/short.mid", SongTokens(0, withContinuation: false));
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static int[] SongTokens(int transpose, bool withContinuation)
    {
        // (step, token list) events on a 16-steps-per-beat grid, merged in time order.
        var events = new List<(int Step, bool Drum, int Pitch, int DurationBin)>();
        int[] scale = [60, 62, 64, 65, 67, 69, 71, 72];
        for (int i = 0; i < scale.Length; i++)
        {
            events.Add((i * 16, false, scale[i] + transpose, 3)); // one beat long
        }

        int drumBeats = 8;
        if (withContinuation)
        {
            for (int i = 0; i < 12; i++)
            {
                events.Add((128 + (i * 8), false, 60 + i + transpose, 1)); // half a beat long
            }

            drumBeats = 14;
        }

        for (int beat = 0; beat < drumBeats; beat++)
        {
            events.Add((beat * 16, true, beat % 2 == 0 ? 36 : 38, 0));
        }

        var tokens = new List<int> { V.Start, V.Velocity(10) };
        int time = 0;
        bool drums = false;
        foreach (var e in events.OrderBy(e => e.Step).ThenBy(e => e.Drum))
        {
            for (; time < e.Step; time += Math.Min(V.MaxShiftSteps, e.Step - time))
            {
                tokens.Add(V.TimeShift(Math.Min(V.MaxShiftSteps, e.Step - time)));
            }

            if (e.Drum != drums)
            {
                tokens.Add(V.Control(e.Drum ? MuseControl.PercussionOn : MuseControl.PercussionOff));
                drums = e.Drum;
            }

            tokens.Add(V.NoteOn(e.Pitch));
            tokens.Add(V.Duration(e.DurationBin));
        }

        tokens.Add(V.End);
        return [.. tokens];
    }

    private void Write(string relative, int[] tokens)
    {
        string path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        new MuseTokenizer().DecodeToMidi(tokens).Write(path);
    }

    private MusicalScores Check(TokenStore store) =>
        ContinuationChecker.Check(MuseGenerator.LoadDefault(), store, Enumerable.Range(0, store.Files.Count), Options,
            f => Path.GetDirectoryName(store.Files[f].RelativePath));

    [Fact]
    public void Check_ReferenceContinuation_HasHandComputedFigures()
    {
        var store = TokenStore.Load(_root, null, null);
        // The kit comes from the training split: at least one long song must be in it for the kit check below.
        Assert.Contains(LongSongs, s => MidiCorpus.SplitOf(s) == DatasetSplit.Train);

        MusicalScores scores = Check(store);

        MusicalComparison a = scores.Groups["a"];
        Assert.Equal(4, a.Files);
        MusicalScore real = a.Reference;
        Assert.Equal(4, real.TonalTracks);
        Assert.Equal(4, real.DrumTracks);
        Assert.Equal(4 * (12 + 6), real.Notes);
        Assert.Equal(7.0 / 12, real.InKeyShare, 12); // a chromatic octave in the prompt's major key
        Assert.Equal(2.0, real.DensityRatio, 12); // 2 notes a beat after 1 a beat
        Assert.Equal(1.0, real.DrumDensityRatio, 12); // a hit every beat throughout
        Assert.Equal(11.0 / 12, real.PitchSpanRatio, 12);
        Assert.Equal(65.5 - 66.25, real.MeanPitchShift, 12);
        Assert.Equal(1.0, real.DrumKeyShare);
        Assert.Equal(1.0, real.KitKeyShare);

        // The file too short for a 6-beat continuation is not checked, and "all" is the sum of the groups.
        Assert.Equal(0, scores.Groups["b"].Files);
        Assert.Equal(4, scores.All.Files);
        Assert.Equal(real.Notes, scores.All.Reference.Notes);
    }

    [Fact]
    public void Check_GeneratedContinuations_AreMeasuredAndRepeatable()
    {
        var store = TokenStore.Load(_root, null, null);
        MusicalScores first = Check(store), second = Check(store);

        MusicalScore generated = first.All.Generated;
        Assert.Equal(4, generated.TonalTracks);
        Assert.Equal(4, generated.DrumTracks);
        Assert.True(generated.Notes > 0, "the default model continues a scale and a beat with some notes");
        Assert.InRange(generated.InKeyShare, 0, 1);
        Assert.InRange(generated.InKeyMass, 0, 1); // teacher-forced at the 4 × 12 real continuation notes
        Assert.Equal(generated.InKeyMass, second.All.Generated.InKeyMass);
        // Percussive mode masks hits to 35–81, so the generated share is 1 by construction; the unmasked mass is the
        // model's own preference and is a probability.
        Assert.Equal(1.0, generated.DrumKeyShare);
        Assert.InRange(generated.DrumKeyMass, 0, 1);
        Assert.InRange(generated.KitKeyMass, 0, generated.DrumKeyMass);
        Assert.Equal(4, first.All.Constrained.TonalTracks);
        Assert.Equal(0, first.All.Constrained.DrumTracks);

        MusicalScore again = second.All.Generated;
        Assert.Equal(generated.Notes, again.Notes);
        Assert.Equal(generated.InKeyShare, again.InKeyShare);
        Assert.Equal(generated.DensityRatio, again.DensityRatio);
        Assert.Equal(generated.DrumKeyMass, again.DrumKeyMass);
        Assert.Equal(first.All.Constrained.InKeyShare, second.All.Constrained.InKeyShare);
    }

    [Fact]
    public void PromptTokens_CutsBeforeTheEndAndPadsWithTimeShiftsToIt()
    {
        ushort[] track = [.. new[] { V.Start, V.NoteOn(60), V.Duration(3), V.TimeShift(16), V.NoteOn(62), V.Duration(3), V.TimeShift(64), V.NoteOn(64), V.End }.Select(t => (ushort)t)];

        // End at step 70: the 64-step shift would pass it, so the prompt stops before it and pads 16 + 54 = 70.
        Assert.Equal([V.Start, V.NoteOn(60), V.Duration(3), V.TimeShift(16), V.NoteOn(62), V.Duration(3), V.TimeShift(54)],
            ContinuationChecker.PromptTokens(track, 70));

        // End at step 100, past the last note: everything but END, then silence up to the end.
        Assert.Equal([V.Start, V.NoteOn(60), V.Duration(3), V.TimeShift(16), V.NoteOn(62), V.Duration(3), V.TimeShift(64), V.NoteOn(64), V.TimeShift(20)],
            ContinuationChecker.PromptTokens(track, 100));

        // End exactly on a note's step: that note belongs to the continuation.
        Assert.Equal([V.Start, V.NoteOn(60), V.Duration(3)], ContinuationChecker.PromptTokens(track, 16)[..3]);
        Assert.DoesNotContain(V.NoteOn(62), ContinuationChecker.PromptTokens(track, 16));
        Assert.Equal(16, ContinuationChecker.PromptTokens(track, 16).Where(t => V.KindOf(t) == MuseTokenKind.TimeShift).Sum(V.TimeShiftSteps));
    }

    [Fact]
    public void Options_OutOfRange_ThrowNamingTheOption()
    {
        Assert.Equal("PromptBeats", Assert.Throws<ArgumentOutOfRangeException>(() => new ContinuationCheckOptions { PromptBeats = 0 }).ParamName);
        Assert.Equal("ContinuationBeats", Assert.Throws<ArgumentOutOfRangeException>(() => new ContinuationCheckOptions { ContinuationBeats = 300 }).ParamName);
        Assert.Equal("FilesPerGroup", Assert.Throws<ArgumentOutOfRangeException>(() => new ContinuationCheckOptions { FilesPerGroup = 0 }).ParamName);
    }
}
