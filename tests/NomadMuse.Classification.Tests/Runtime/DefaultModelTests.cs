using System.Globalization;
using NomadMuse.Classification.Runtime;
using NomadMuse.Classification.Training;
using NomadMuse.Classification.Training.Data;

namespace NomadMuse.Classification.Tests.Runtime;

public sealed class DefaultModelTests
{
    [Fact]
    public void LoadDefault_EmbeddedModel_LoadsAndClassifiesAFrame()
    {
        var classifier = InstrumentClassifier.LoadDefault(48_000);
        FrameClassification result = classifier.ClassifyFrame(TestSignals.Sine(440, 48_000, 2400, 0.3f));
        Assert.InRange(result.ClassId, 1, 20);
        Assert.Equal(48_000, classifier.InputSampleRate);
    }

    [DataToolsFact]
    public void LoadDefault_RenderedKickAndSnare_ClassifiedAsDrums()
    {
        string folder = Path.Combine(Path.GetTempPath(), $"nm-render-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            // GM kit 0: kick (36) at 0 s, snare (38) at 2 s, rendered at 44.1 kHz (the model was trained at 22.05 kHz).
            File.WriteAllBytes(Path.Combine(folder, "n.mid"), MidiNoteFile.Create(9, 0, [new(0, 0.3, 36, 110), new(2, 0.3, 38, 110)]));
            string wav = Path.Combine(folder, "n.wav");
            ExternalTools.Run("fluidsynth", ["-ni", "-R", "0", "-C", "0", "-F", wav, "-r", "44100", DataToolsFactAttribute.SoundFont, Path.Combine(folder, "n.mid")], TimeSpan.FromMinutes(1));
            float[] audio = ClipCorpus.ReadAt(wav, 44_100);
            int lead = (int)(MidiNoteFile.LeadInSeconds * 44_100);
            var clips = new ClipClassifier(InstrumentClassifier.LoadDefault());
            ClipDecision kick = clips.Classify(audio.AsSpan(lead, 44_100), 44_100);
            ClipDecision snare = clips.Classify(audio.AsSpan(lead + 88_200, 44_100), 44_100);
            Assert.True(kick.ClassId == 1, string.Create(CultureInfo.InvariantCulture, $"kick decided as {kick.ClassId} ({kick.Probability:F2})"));
            Assert.True(snare.ClassId == 2, string.Create(CultureInfo.InvariantCulture, $"snare decided as {snare.ClassId} ({snare.Probability:F2})"));
            Assert.True(kick.Percussive && snare.Percussive);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }
}
