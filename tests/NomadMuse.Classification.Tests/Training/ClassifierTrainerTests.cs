using NomadMuse.Classification.Data;
using NomadMuse.Classification.Features;
using NomadMuse.Classification.Model;
using NomadMuse.Classification.Runtime;
using NomadMuse.Classification.Training;
using NomadMuse.Core.Audio;

namespace NomadMuse.Classification.Tests.Training;

public sealed class ClassifierTrainerTests
{
    [Fact]
    public void Train_TonesVersusNoise_SeparatesThemAndWritesCheckpoints()
    {
        string folder = Path.Combine(Path.GetTempPath(), $"nm-train-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var labels = new List<ClipLabel>();
            for (int i = 0; i < 6; i++)
            {
                string toneFile = $"tone{i}.wav", noiseFile = $"noise{i}.wav";
                WavFile.Write(Path.Combine(folder, toneFile), new AudioBuffer(22_050, 1, TestSignals.Sine(200 + (90 * i), 22_050, 11_025, 0.3f)), WavEncoding.Pcm16);
                WavFile.Write(Path.Combine(folder, noiseFile), new AudioBuffer(22_050, 1, TestSignals.Noise(11_025, 0.3f, i)), WavEncoding.Pcm16);
                labels.Add(new ClipLabel(toneFile, 10, "Piano/Keys", false));
                labels.Add(new ClipLabel(noiseFile, 3, "Hi-Hat/Cymbals", true));
            }

            LabelsFile.Write(Path.Combine(folder, LabelsFile.FileName), labels);
            ClipCorpus corpus = ClipCorpus.Load(folder);
            Assert.Equal(12, corpus.Count);
            var options = new ClassifierTrainingOptions
            {
                Steps = 40, DrumSteps = 5, BatchSize = 8, LearningRate = 3e-3f, Seed = 3,
                CheckpointPath = Path.Combine(folder, "ck"), CheckpointInterval = 20, ProgressInterval = 10,
            };
            var lines = new List<string>();
            InstrumentClassifierModel model = new ClassifierTrainer(corpus, options, lines.Add).Train();
            Assert.Contains(lines, l => l.StartsWith("phase 2 done", StringComparison.Ordinal));
            Assert.True(File.Exists(options.CheckpointPath + ".1.ckpt"));
            Assert.True(File.Exists(options.CheckpointPath + ".phase1.nmm"));
            Assert.All(model.Backbone.Parameters, p => Assert.False(p.Frozen));

            var clips = new ClipClassifier(new InstrumentClassifier(model, 22_050));
            ClipDecision tone = clips.Classify(TestSignals.Sine(333, 22_050, 11_025, 0.2f), 22_050);
            ClipDecision noise = clips.Classify(TestSignals.Noise(11_025, 0.2f, 99), 22_050);
            Assert.Equal(10, tone.ClassId);
            Assert.Equal(3, noise.ClassId);
            Assert.True(noise.Percussive && !tone.Percussive);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void ActiveEnds_ToneThenSilence_StopsWithinTheSoundPlusOneWindow()
    {
        float[] clip = [.. TestSignals.Sine(440, 22_050, 4410, 0.5f), .. new float[22_050]];
        int[] ends = ClipCorpus.ActiveEnds(clip);
        Assert.Equal(2 * ClipCorpus.EndStep, ends[0]);
        Assert.True(ends[^1] <= 4410 + ClipCorpus.WindowLength, $"last active end {ends[^1]}");
        Assert.True(ends[^1] > 4410);
        Assert.Empty(ClipCorpus.ActiveEnds(new float[22_050]));
    }

    [Fact]
    public void PatchAugmenter_WithoutRandom_EqualsTheRealTimeFrontEnd()
    {
        float[] clip = TestSignals.Noise(8000, 0.2f, 4);
        var patch = new float[InstrumentClassifierModel.PatchLength];
        new PatchAugmenter().Extract(clip, 6000, FeatureNormalization.Identity(128), null, patch);
        var features = new FrameFeatures(FeatureSettings.Default, 22_050);
        var expected = new float[InstrumentClassifierModel.PatchLength];
        features.Process(clip.AsSpan(0, 6000), expected);
        Assert.Equal(expected, patch);
    }
}
