using NomadMuse.Classification.Data;
using NomadMuse.Core.Audio;

namespace NomadMuse.Classification.Runtime;

/// <summary>
/// Offline use of <see cref="InstrumentClassifier"/>: streams a whole clip through it in 50 ms frames at the clip's own
/// rate and averages the frame probabilities (frames below −60 dBFS are skipped unless all are), and evaluates a
/// labelled folder into a <see cref="ClassificationReport"/>.
/// </summary>
/// <remarks>Not thread-safe (keeps one classifier per sample rate).</remarks>
public sealed class ClipClassifier
{
    private const float SilenceDb = -60f;
    private readonly InstrumentClassifier _prototype;
    private readonly Dictionary<int, InstrumentClassifier> _byRate = [];

    /// <summary>Creates the clip classifier.</summary>
    /// <param name="classifier">Any classifier of the model to use (its weights are shared; its stream is not used).</param>
    public ClipClassifier(InstrumentClassifier classifier)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        _prototype = classifier;
    }

    /// <summary>Classifies a mono clip.</summary>
    /// <param name="samples">Mono samples.</param>
    /// <param name="sampleRate">Their rate.</param>
    /// <param name="frameDecisions">Optional sink for every frame's decision (start time in seconds, decision).</param>
    /// <returns>The clip decision.</returns>
    public ClipDecision Classify(ReadOnlySpan<float> samples, int sampleRate, Action<double, FrameClassification>? frameDecisions = null)
    {
        if (!_byRate.TryGetValue(sampleRate, out InstrumentClassifier? classifier))
        {
            classifier = _prototype.CreateForStream(sampleRate);
            _byRate[sampleRate] = classifier;
        }

        classifier.Reset();
        int frame = Math.Max(1, sampleRate / 20);
        var probabilities = new float[InstrumentClasses.Count];
        var loud = new double[InstrumentClasses.Count];
        var all = new double[InstrumentClasses.Count];
        double loudPercussive = 0, allPercussive = 0;
        int loudFrames = 0, allFrames = 0;
        for (int start = 0; start < samples.Length; start += frame)
        {
            ReadOnlySpan<float> block = samples.Slice(start, Math.Min(frame, samples.Length - start));
            FrameClassification result = classifier.ClassifyFrame(block, probabilities);
            frameDecisions?.Invoke(start / (double)sampleRate, result);
            for (int i = 0; i < probabilities.Length; i++)
            {
                all[i] += probabilities[i];
                if (result.LevelDb >= SilenceDb)
                {
                    loud[i] += probabilities[i];
                }
            }

            allPercussive += result.PercussiveProbability;
            allFrames++;
            if (result.LevelDb >= SilenceDb)
            {
                loudPercussive += result.PercussiveProbability;
                loudFrames++;
            }
        }

        (double[] sums, double percussive, int frames) = loudFrames > 0 ? (loud, loudPercussive, loudFrames) : (all, allPercussive, allFrames);
        if (frames == 0)
        {
            return new ClipDecision(InstrumentClasses.Count, 0f, false, 0f, 0);
        }

        int best = 0;
        for (int i = 1; i < sums.Length; i++)
        {
            if (sums[i] > sums[best])
            {
                best = i;
            }
        }

        float p = (float)(percussive / frames);
        return new ClipDecision(best + 1, (float)(sums[best] / frames), p > 0.5f, p, frames);
    }

    /// <summary>Classifies a WAV file (any rate, mono or multichannel: downmixed).</summary>
    /// <param name="path">The file.</param>
    /// <param name="frameDecisions">Optional sink for every frame's decision.</param>
    /// <returns>The decision.</returns>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="WavFormatException">The file is not a supported WAV.</exception>
    public ClipDecision ClassifyFile(string path, Action<double, FrameClassification>? frameDecisions = null)
    {
        AudioBuffer buffer = WavFile.ReadAll(path);
        float[] mono = buffer.Channels == 1 ? buffer.Samples : buffer.ToMono().Samples;
        return Classify(mono, buffer.SampleRate, frameDecisions);
    }

    /// <summary>Evaluates every clip of a folder with a <c>labels.csv</c>, deciding each over its whole length.</summary>
    /// <param name="folder">The folder.</param>
    /// <param name="progress">Optional progress lines.</param>
    /// <returns>The report.</returns>
    /// <exception cref="LabelsFormatException">labels.csv is malformed.</exception>
    /// <exception cref="IOException">A file cannot be read.</exception>
    public ClassificationReport Evaluate(string folder, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        IReadOnlyList<ClipLabel> labels = LabelsFile.Read(Path.Combine(folder, LabelsFile.FileName));
        var report = new ClassificationReport();
        for (int i = 0; i < labels.Count; i++)
        {
            ClipDecision decision = ClassifyFile(Path.Combine(folder, labels[i].File));
            report.Add(labels[i], decision.ClassId, decision.Percussive);
            if (progress is not null && (i + 1) % 250 == 0)
            {
                progress($"evaluated {i + 1}/{labels.Count} clips, accuracy so far {report.Accuracy:P1}");
            }
        }

        return report;
    }
}
