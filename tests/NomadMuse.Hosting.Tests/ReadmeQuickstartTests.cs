using Microsoft.Extensions.DependencyInjection;
using NomadMuse.Analysis;
using NomadMuse.Core.Audio;
using NomadMuse.Generation.Midi;
using NomadMuse.Generation.Runtime;
using NomadMuse.Generation.Tokens;
using NomadMuse.State;

namespace NomadMuse.Hosting.Tests;

/// <summary>The README's quickstart snippets, kept compiling and correct: if this breaks, the README is wrong.</summary>
public sealed class ReadmeQuickstartTests
{
    [Fact]
    public void Quickstart_TokensLoudnessAndState_WorkTogether()
    {
        string dir = Directory.CreateTempSubdirectory("nm-readme").FullName;
        try
        {
            string midiPath = Path.Combine(dir, "riff.mid");
            string wavPath = Path.Combine(dir, "tone.wav");
            var tokenizer = new MuseTokenizer();
            int[] riff = [MuseVocabulary.NoteOnFirst + 60, MuseVocabulary.DurationFirst + 3, MuseVocabulary.NoteOnFirst + 64, MuseVocabulary.DurationFirst + 3];
            tokenizer.DecodeToMidi(riff, beatsPerMinute: 100).Write(midiPath);
            var samples = new float[48000 * 2 * 3];
            for (int i = 0; i < samples.Length / 2; i++)
            {
                samples[2 * i] = samples[(2 * i) + 1] = 0.1f * MathF.Sin(2 * MathF.PI * 1000 * i / 48000f);
            }

            WavFile.Write(wavPath, new AudioBuffer(48000, 2, samples), WavEncoding.Pcm24);

            // --- README quickstart (keep in sync) ---
            MidiFile song = MidiFile.Read(midiPath);
            int[] tokens = new MuseTokenizer().Encode(song);         // ids in [0, 258)

            AudioBuffer mix = WavFile.ReadAll(wavPath);
            var meter = new LoudnessMeter(mix.SampleRate, mix.Channels);
            meter.Push(mix.Samples);                                  // real-time safe: no allocation
            LoudnessReading loudness = meter.Read();

            var state = new UnifiedState();
            state.SetKey(MusicalKey.Parse("C minor"));
            state.SetTrackClassification(4, InstrumentClass.ElectricGuitarClean, TrackType.Tonal, 0.91f);
            StateSnapshot now = state.Current;                        // one volatile read, never blocks
            // --- end ---

            Assert.All(tokens, t => Assert.InRange(t, 0, MuseVocabulary.Size - 1));
            Assert.Contains(MuseVocabulary.NoteOnFirst + 64, tokens);
            // A 1 kHz sine of peak 0.1 reads −23.01 LUFS per channel (sine power −3.01 dB); two equal channels add +3.01 → −20.0.
            Assert.InRange(loudness.IntegratedLufs, -20.6, -19.4);
            Assert.Equal("C minor", now.Music.Key.ToString());
            Assert.Equal(TrackType.Tonal, now.Tracks[4].Type);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void HostingQuickstart_DrumTrack_IsClassifiedPercussiveAndGenerationFollows()
    {
        // One second of a stereo drum machine at 48 kHz: 20 frames of 50 ms, five 200 ms decisions, all percussive.
        float[] drumBuffer = TrackSignals.Interleave(TrackSignals.DrumMachine(48_000, 1), 2);

        // --- README hosting quickstart (keep in sync), up to "… later" ---
        var services = new ServiceCollection();
        services.AddNomadMuse(b => b.AddClassification().AddGeneration(o => o.Seed = 1));
        using ServiceProvider provider = services.BuildServiceProvider();
        var muse = provider.GetRequiredService<IMuseCoordinator>();

        muse.RegisterTrack(1, 48_000);                            // host thread: creates the track's ring and classifier
        muse.TrackClassified += (_, e) =>                         // classification thread, every 200 ms of sound
            Console.WriteLine($"track {e.TrackId}: {e.Decision.Instrument?.ToString() ?? "uncertain"}, {e.Decision.Type}");

        muse.OnTrackAudio(1, drumBuffer, channels: 2, sampleRate: 48_000);   // audio callback: no lock, no allocation
        // --- end of the first part ---

        // "Later": a frame is counted only after its decision reached the state (hang guard only).
        Assert.True(
            SpinWait.SpinUntil(() => muse.ClassificationCounters.FramesClassified == 20, TimeSpan.FromSeconds(90)),
            $"only {muse.ClassificationCounters.FramesClassified} of 20 frames were classified");

        // --- README hosting quickstart, from "… later" ---
        TrackType type = muse.State.Tracks[1].Type;               // Percussive
        IReadOnlyList<GeneratedNote> bar = muse.RequestNextBar(1); // GM drum keys
        // --- end ---

        Assert.Equal(TrackType.Percussive, type);
        Assert.Equal(5, muse.ClassificationCounters.Decisions);
        Assert.NotEmpty(bar);
        Assert.All(bar, n => Assert.True(n.IsDrum && n.Pitch is >= 35 and <= 81, $"{n} is not a GM drum key"));
    }
}
