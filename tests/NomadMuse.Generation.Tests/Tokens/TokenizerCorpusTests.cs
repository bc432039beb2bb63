using System.Diagnostics;
using NomadMuse.Generation.Midi;
using NomadMuse.Generation.Tokens;
using Xunit.Abstractions;

namespace NomadMuse.Generation.Tests.Tokens;

public sealed class TokenizerCorpusTests(ITestOutputHelper output)
{
    [MidiCorpusFact]
    public void DecodeOfEncode_SampleOfEveryCorpus_EqualsQuantise()
    {
        var tokenizer = new MuseTokenizer();
        foreach (string path in TestData.Sample(perCorpus: 15))
        {
            MidiFile file = MidiFile.Read(path);

            int[] tokens = tokenizer.Encode(file);

            Assert.All(tokens, t => Assert.InRange(t, 0, MuseVocabulary.Size - 1));
            Assert.Equal(tokenizer.Quantise(MuseTokenizer.ToBeatNotes(file)), tokenizer.Decode(tokens).Notes);
            foreach (MidiTrack track in file.Tracks)
            {
                int[] trackTokens = tokenizer.Encode(track, file.TicksPerQuarterNote);
                Assert.Equal(tokenizer.Quantise(MidiToBeatNotes(track, file.TicksPerQuarterNote)), tokenizer.Decode(trackTokens).Notes);
            }
        }
    }

    [MidiCorpusFact]
    public void Encode_EveryCorpusFile_ReportsTokensAndTimingError()
    {
        var onChange = new MuseTokenizer();
        var watch = Stopwatch.StartNew();
        output.WriteLine("corpus            files  tokens/file (mean / median / max)  always-velocity mean  tokens/note  start error ms (mean / p95 / max)  dropped drums");
        foreach (string corpus in TestData.Corpora())
        {
            var counts = new List<int>();
            long alwaysTotal = 0, notes = 0, dropped = 0;
            var errors = new List<double>();
            (double Ms, string File, double Bpm) worst = (0, string.Empty, 0);
            foreach (string path in TestData.MidiFiles(corpus))
            {
                MidiFile file = MidiFile.Read(path);
                int[] tokens = onChange.Encode(file);
                counts.Add(tokens.Length);
                DecodedSequence decoded = onChange.Decode(tokens);
                notes += decoded.Notes.Count;

                // With a VELOCITY before every note the count is: this count − VELOCITY tokens + notes.
                alwaysTotal += tokens.Length - tokens.Count(t => MuseVocabulary.KindOf(t) == MuseTokenKind.Velocity) + decoded.Notes.Count;

                // Timing error, computed independently of the tokenizer: the 16th-grid start in ticks, through the tempo map.
                int tpq = file.TicksPerQuarterNote;
                var expectedStarts = new List<double>();
                foreach (MidiNote n in file.Tracks.SelectMany(t => t.Notes))
                {
                    if (n.IsPercussion && GeneralMidiDrumMap.Map(n.Pitch, GeneralMidiDrumMap.RolandTd11) < 0)
                    {
                        dropped++;
                        continue;
                    }

                    double gridBeats = Math.Round(n.StartTick * 4.0 / tpq, MidpointRounding.AwayFromZero) / 4.0;
                    long gridTick = (long)Math.Round(gridBeats * tpq);
                    expectedStarts.Add(gridBeats);
                    double ms = Math.Abs(file.TempoMap.TicksToSeconds(gridTick) - file.TempoMap.TicksToSeconds(n.StartTick)) * 1000;
                    errors.Add(ms);
                    if (ms > worst.Ms)
                    {
                        worst = (ms, Path.GetFileName(path), 60_000_000.0 / file.TempoMap.MicrosecondsPerQuarterNoteAt(n.StartTick));
                    }
                }

                Assert.Equal(expectedStarts.Order(), decoded.Notes.Select(n => n.StartBeats).Order());
                Assert.All(decoded.Notes.Where(n => n.IsDrum), n => Assert.InRange(n.Pitch, 35, 81));
            }

            counts.Sort();
            errors.Sort();
            output.WriteLine(
                $"{Path.GetFileName(corpus),-16} {counts.Count,6}  {counts.Average(),10:F0} / {counts[counts.Count / 2],6} / {counts[^1],7}  {alwaysTotal / (double)counts.Count,20:F0}  {counts.Sum(c => (long)c) / (double)Math.Max(1, notes),11:F2}  {errors.Average(),8:F2} / {errors[(int)(errors.Count * 0.95)],6:F2} / {errors[^1],7:F2}  {dropped,6}  (worst: {worst.File} at {worst.Bpm:F1} BPM)");
        }

        output.WriteLine($"encoded and decoded every file in {watch.Elapsed.TotalSeconds:F1} s");
    }

    private static BeatNote[] MidiToBeatNotes(MidiTrack track, int tpq) =>
        [.. track.Notes.Select(n => new BeatNote(n.StartTick / (double)tpq, n.DurationTicks / (double)tpq, n.Pitch, n.Velocity, n.IsPercussion))];
}
