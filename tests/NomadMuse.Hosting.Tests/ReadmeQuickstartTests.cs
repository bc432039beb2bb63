using NomadMuse.Analysis;
using NomadMuse.Core.Audio;
using NomadMuse.Generation.Midi;
using NomadMuse.Generation.Tokens;
using NomadMuse.State;

namespace NomadMuse.Hosting.Tests;

/// <summary>The README's quickstart, kept compiling and correct: if this breaks, the README is wrong.</summary>
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
}
