using System.Globalization;
using NomadMuse.Generation.Midi;
using NomadMuse.Generation.Runtime;
using NomadMuse.Generation.Runtime.Modes;
using NomadMuse.Generation.Tokens;
using NomadMuse.State;
using Xunit.Abstractions;

namespace NomadMuse.Generation.Tests.Runtime;

public sealed class KeyDetectorTests(ITestOutputHelper output)
{
    [Fact]
    public void Score_CMajorProfileItself_CorrelatesOneWithCMajor()
    {
        double[] histogram = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88];
        var scores = new double[24];
        KeyDetector.Score(histogram, scores);
        Assert.Equal(1.0, scores[0], 1e-12);
        Assert.True(scores.Skip(1).All(s => s < 0.9));
    }

    [Fact]
    public void Estimate_ScalesAndCadences_FindTheirKeys()
    {
        // Tonic-heavy scale passages: D major (D E F# G A B C# D D A D), E minor (E F# G A B C D E E B E).
        Assert.Equal(MusicalKey.Parse("D major"), KeyDetector.Estimate(Line(62, 64, 66, 67, 69, 71, 73, 74, 74, 69, 62), out _));
        Assert.Equal(MusicalKey.Parse("E minor"), KeyDetector.Estimate(Line(64, 66, 67, 69, 71, 72, 74, 76, 76, 71, 64), out _));
        Assert.Null(KeyDetector.Estimate([new BeatNote(0, 1, 36, 90, true)], out double r));
        Assert.Equal(0, r);
    }

    [Fact]
    public void Update_AfterAModulation_FollowsTheNewKey_WithHysteresis()
    {
        var detector = new KeyDetector(windowBeats: 16, minimumNotes: 8);
        double t = 0;
        foreach (int pitch in Repeat(3, 60, 62, 64, 65, 67, 69, 71, 72, 67, 60))
        {
            detector.Add(pitch, t++, 1);
        }

        Assert.True(detector.Update());
        Assert.Equal(new MusicalKey(0, KeyMode.Major), detector.Current);
        Assert.False(detector.Update()); // no new evidence, no change

        foreach (int pitch in Repeat(3, 67, 69, 71, 72, 74, 76, 78, 79, 74, 67))
        {
            detector.Add(pitch, t++, 1);
        }

        Assert.True(detector.Update());
        Assert.Equal(new MusicalKey(7, KeyMode.Major), detector.Current);
    }

    [Fact]
    public void Session_DetectsTheKeyOfItsPrimer_AndWritesItToTheState()
    {
        var state = new UnifiedState();
        var session = RuntimeTestModels.Small().OpenSession(new GenerationOptions { State = state, Mode = GenerationMode.Tonal, Seed = 1 });
        session.Prime(Line(62, 64, 66, 67, 69, 71, 73, 74, 74, 69, 62, 66, 69, 74));
        Assert.Equal(MusicalKey.Parse("D major"), session.DetectedKey);
        Assert.Equal(MusicalKey.Parse("D major"), state.Current.Music.Key);
        Assert.All(session.ContinueBars(4), n => Assert.True(MusicalKey.Parse("D major").Contains(n.Pitch)));
    }

    [Fact]
    public void Session_KeySourceState_FollowsTheHostsKey()
    {
        var state = new UnifiedState();
        state.SetKey(MusicalKey.Parse("Bb major"));
        var session = RuntimeTestModels.Small().OpenSession(new GenerationOptions { State = state, KeySource = KeySource.State, Mode = GenerationMode.Tonal, Seed = 2 });
        session.Prime(Line(60, 62, 64, 65, 67, 69, 71, 72, 60, 67, 60));
        Assert.Equal(MusicalKey.Parse("Bb major"), session.CurrentKey);
        Assert.All(session.ContinueBars(2), n => Assert.True(MusicalKey.Parse("Bb major").Contains(n.Pitch)));
        state.SetKey(MusicalKey.Parse("E major"));
        Assert.All(session.ContinueBars(2), n => Assert.True(MusicalKey.Parse("E major").Contains(n.Pitch)));
    }

    [MidiCorpusFact]
    public void Estimate_Pop909_AgreesWithTheAnnotatedKey()
    {
        // POP909 key annotations come from the audio (automatic, upstream caveat). Songs with one annotated key only.
        string folder = Path.Combine(TestData.MidiFolder!, "pop909");
        int songs = 0, exact = 0, related = 0;
        for (int id = 1; id <= 909 && songs < 60; id++)
        {
            string name = id.ToString("000", CultureInfo.InvariantCulture);
            string keyFile = Path.Combine(folder, "annotations", $"{name}_key_audio.txt");
            string midiFile = Path.Combine(folder, $"{name}.mid");
            if (!File.Exists(keyFile) || !File.Exists(midiFile))
            {
                continue;
            }

            string[] lines = File.ReadAllLines(keyFile).Where(l => l.Trim().Length > 0).ToArray();
            if (lines.Length != 1 || ParseAnnotation(lines[0].Split('\t')[^1]) is not { } truth)
            {
                continue;
            }

            MusicalKey? found = KeyDetector.Estimate(MuseTokenizer.ToBeatNotes(MidiFile.Read(midiFile)), out _);
            songs++;
            exact += found == truth ? 1 : 0;
            related += found == truth || (found is { } f && IsRelative(f, truth)) ? 1 : 0;
        }

        Assert.True(songs >= 40, $"only {songs} single-key songs found");
        double accuracy = exact / (double)songs, withRelative = related / (double)songs;
        output.WriteLine($"POP909, {songs} single-key songs: exact {exact} ({accuracy:P1}), exact or relative {related} ({withRelative:P1})");
        Assert.True(accuracy >= 0.75, $"exact {accuracy:P0} ({exact}/{songs}), with relative keys {withRelative:P0}");
        Assert.True(withRelative >= 0.85, $"exact {accuracy:P0} ({exact}/{songs}), with relative keys {withRelative:P0}");
    }

    private static MusicalKey? ParseAnnotation(string label)
    {
        string[] parts = label.Trim().Split(':');
        return parts.Length == 2 && MusicalKey.TryParse($"{parts[0]} {(parts[1].StartsWith("maj", StringComparison.Ordinal) ? "major" : "minor")}", null, out MusicalKey key)
            ? key
            : null;
    }

    private static bool IsRelative(MusicalKey a, MusicalKey b) =>
        a.Mode != b.Mode && (a.Mode == KeyMode.Major ? (a.Tonic + 9) % 12 == b.Tonic : (b.Tonic + 9) % 12 == a.Tonic);

    private static BeatNote[] Line(params int[] pitches) => [.. pitches.Select((p, i) => new BeatNote(i, 1, p, 90, false))];

    private static IEnumerable<int> Repeat(int times, params int[] pitches) => Enumerable.Repeat(pitches, times).SelectMany(p => p);
}
