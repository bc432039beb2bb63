using System.Diagnostics;
using NomadMuse.Generation.Midi;
using Xunit.Abstractions;

namespace NomadMuse.Generation.Tests.Midi;

public sealed class MidiCorpusTests(ITestOutputHelper output)
{
    [MidiCorpusFact]
    public void Read_EveryCorpusFile_Parses()
    {
        var failures = new List<string>();
        int totalFiles = 0;
        var watch = Stopwatch.StartNew();
        foreach (string corpus in TestData.Corpora())
        {
            int files = 0, tracks = 0, drumTracks = 0;
            long notes = 0, controls = 0, tempoChanges = 0;
            double seconds = 0;
            foreach (string path in TestData.MidiFiles(corpus))
            {
                try
                {
                    MidiFile file = MidiFile.Read(path);
                    files++;
                    tracks += file.Tracks.Count;
                    drumTracks += file.Tracks.Count(t => t.IsPercussion);
                    notes += file.Tracks.Sum(t => t.Notes.Count);
                    controls += file.Tracks.Sum(t => t.Controls.Count);
                    tempoChanges += file.TempoMap.Changes.Count;
                    seconds += file.DurationSeconds;
                }
                catch (MidiFormatException e)
                {
                    failures.Add($"{path}: {e.Message}");
                }
            }

            totalFiles += files;
            output.WriteLine($"{Path.GetFileName(corpus),-16} files {files,5}  tracks {tracks,5} (drum {drumTracks,4})  notes {notes,9}  controls {controls,8}  tempo events {tempoChanges,6}  hours {seconds / 3600,6:F1}");
        }

        output.WriteLine($"total {totalFiles} files parsed in {watch.Elapsed.TotalSeconds:F2} s");
        Assert.Empty(failures);
        Assert.True(totalFiles > 0, "The corpus folder holds no .mid files.");
    }
}
