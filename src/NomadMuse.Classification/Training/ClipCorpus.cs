using NomadMuse.Classification.Data;
using NomadMuse.Core.Audio;
using NomadMuse.Core.Dsp.Resampling;

namespace NomadMuse.Classification.Training;

/// <summary>
/// A labelled clip folder loaded into memory at the feature rate (22,050 Hz mono), with, per clip, the window end
/// positions whose 126 ms patch carries sound (silent tails are never sampled).
/// </summary>
public sealed class ClipCorpus
{
    /// <summary>Samples one patch covers at 22,050 Hz (1024 + 4 · 441).</summary>
    public const int WindowLength = 2788;

    /// <summary>Distance between candidate window ends (one 20 ms hop).</summary>
    public const int EndStep = 441;

    private readonly List<float[]> _audio = [];
    private readonly List<int[]> _ends = [];
    private readonly List<ClipLabel> _labels = [];

    /// <summary>Loads every clip of a folder.</summary>
    /// <param name="folder">Folder with <c>labels.csv</c>.</param>
    /// <param name="sampleRate">Feature rate (22,050).</param>
    /// <param name="log">Optional progress lines.</param>
    /// <returns>The corpus.</returns>
    /// <exception cref="LabelsFormatException">labels.csv is malformed.</exception>
    /// <exception cref="IOException">A file cannot be read.</exception>
    public static ClipCorpus Load(string folder, int sampleRate = 22_050, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var corpus = new ClipCorpus();
        IReadOnlyList<ClipLabel> labels = LabelsFile.Read(Path.Combine(folder, LabelsFile.FileName));
        for (int i = 0; i < labels.Count; i++)
        {
            float[] audio = ReadAt(Path.Combine(folder, labels[i].File), sampleRate);
            int[] ends = ActiveEnds(audio);
            if (ends.Length > 0)
            {
                corpus._audio.Add(audio);
                corpus._ends.Add(ends);
                corpus._labels.Add(labels[i]);
            }

            if (log is not null && (i + 1) % 1000 == 0)
            {
                log($"loaded {i + 1}/{labels.Count} clips");
            }
        }

        return corpus;
    }

    /// <summary>Clips with at least one active window.</summary>
    public int Count => _labels.Count;

    /// <summary>The label of clip <paramref name="index"/>.</summary>
    /// <param name="index">0 … Count − 1.</param>
    /// <returns>The label.</returns>
    public ClipLabel Label(int index) => _labels[index];

    /// <summary>The samples of clip <paramref name="index"/> at the feature rate.</summary>
    /// <param name="index">0 … Count − 1.</param>
    /// <returns>The samples.</returns>
    public ReadOnlySpan<float> Audio(int index) => _audio[index];

    /// <summary>Active window end positions (exclusive sample index) of clip <paramref name="index"/>.</summary>
    /// <param name="index">0 … Count − 1.</param>
    /// <returns>The positions.</returns>
    public ReadOnlySpan<int> ActiveWindowEnds(int index) => _ends[index];

    /// <summary>Reads a WAV or FLAC file as mono at <paramref name="sampleRate"/> (windowed-sinc polyphase resampling).</summary>
    /// <param name="path">The file.</param>
    /// <param name="sampleRate">Target rate.</param>
    /// <returns>The samples.</returns>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static float[] ReadAt(string path, int sampleRate)
    {
        AudioBuffer buffer = WavFile.ReadAll(path);
        float[] mono = buffer.Channels == 1 ? buffer.Samples : buffer.ToMono().Samples;
        if (buffer.SampleRate == sampleRate)
        {
            return mono;
        }

        var resampler = new PolyphaseResampler(buffer.SampleRate, sampleRate);
        var output = new float[resampler.GetMaxOutputLength(mono.Length) + 1];
        int n = resampler.Process(mono, output);
        return output.AsSpan(0, n).ToArray();
    }

    /// <summary>Window ends (every 441 samples) whose window RMS is within 30 dB of the clip's loudest window and above −80 dBFS.</summary>
    /// <param name="audio">The clip.</param>
    /// <returns>The end positions.</returns>
    public static int[] ActiveEnds(ReadOnlySpan<float> audio)
    {
        var energies = new List<(int End, double Energy)>();
        for (int end = EndStep * 2; end <= audio.Length; end += EndStep)
        {
            int start = Math.Max(0, end - WindowLength);
            double sum = 0;
            foreach (float s in audio[start..end])
            {
                sum += s * s;
            }

            energies.Add((end, sum / WindowLength));
        }

        if (energies.Count == 0)
        {
            return [];
        }

        double loudest = energies.Max(e => e.Energy);
        return [.. energies.Where(e => e.Energy > loudest * 1e-3 && e.Energy > 1e-8).Select(e => e.End)];
    }
}
