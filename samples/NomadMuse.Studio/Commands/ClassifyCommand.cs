using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NomadMuse.Classification.Data;
using NomadMuse.Classification.Runtime;

namespace NomadMuse.Studio.Commands;

/// <summary><c>classify &lt;file.wav&gt;</c>: instrument, class id, track type, confidence and the per-window decisions.</summary>
internal static class ClassifyCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "WAV file (any rate, mono or multichannel)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var model = new Option<FileInfo?>("--model") { Description = "Model file (.nmm); default: the embedded model." };
        var int8 = new Option<bool>("--int8") { Description = "Run the INT8 path." };
        var hosted = new Option<bool>("--hosted")
        {
            Description = "Take the per-window decisions from AddNomadMuse(AddClassification): the file streamed to IMuseCoordinator.OnTrackAudio in 512-frame buffers (windows of silence decide nothing and are not listed).",
        };
        var command = new Command("classify", "Classify the instrument of an audio file (decided over its whole length and per 200 ms window).");
        command.Arguments.Add(file);
        command.Options.Add(json);
        command.Options.Add(model);
        command.Options.Add(int8);
        command.Options.Add(hosted);
        command.SetAction(parse => Run(parse.GetValue(file)!.FullName, parse.GetValue(json), parse.GetValue(model)?.FullName, parse.GetValue(int8),
            parse.GetValue(hosted), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    internal static InstrumentClassifier OpenClassifier(string? model, bool int8) =>
        model is null ? InstrumentClassifier.LoadDefault(44_100, int8) : InstrumentClassifier.Load(model, 44_100, int8);

    private static int Run(string path, bool json, string? model, bool int8, bool hosted, TextWriter output, TextWriter error)
    {
        ClipDecision decision;
        List<(double Start, TrackDecision Decision)> windows = [];
        try
        {
            var classifier = OpenClassifier(model, int8);
            var frames = new List<(double, FrameClassification)>();
            decision = new ClipClassifier(classifier).ClassifyFile(path, (t, f) => frames.Add((t, f)));

            if (hosted)
            {
                windows = HostedClassification.Run(path, model, int8);
            }
            else
            {
                // Per-window decisions: the track classifier's 200 ms rule replayed on the file.
                var audio = NomadMuse.Core.Audio.WavFile.ReadAll(path);
                float[] mono = audio.Channels == 1 ? audio.Samples : audio.ToMono().Samples;
                var track = new TrackClassifier(classifier.CreateForStream(audio.SampleRate), 0);
                // 50 ms rounded up, as the hosted loop cuts it: rounded down (1 102 samples at 22.05 kHz) four frames
                // fall short of 200 ms and every window would take a fifth.
                int frame = (int)Math.Ceiling(audio.SampleRate / 20.0);
                for (int start = 0; start < mono.Length; start += frame)
                {
                    if (track.Process(mono.AsSpan(start, Math.Min(frame, mono.Length - start))) is { } d)
                    {
                        windows.Add((Math.Min(start + frame, mono.Length) / (double)audio.SampleRate, d));
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException or TimeoutException)
        {
            error.WriteLine($"error: {e.Message}");
            return 1;
        }

        string type = decision.Percussive ? "percussive" : "tonal";
        if (json)
        {
            var array = new JsonArray();
            foreach ((double start, TrackDecision d) in windows)
            {
                array.Add((JsonNode)new JsonObject
                {
                    ["end"] = Math.Round(start, 3),
                    ["instrument"] = d.Frames == 0 ? "silent" : d.Instrument is null ? "uncertain" : InstrumentClasses.GetName(d.BestClassId),
                    ["classId"] = d.Instrument is null ? 0 : d.BestClassId,
                    ["trackType"] = d.Type.ToString().ToLowerInvariant(),
                    ["confidence"] = Math.Round(d.Confidence, 4),
                });
            }

            var root = new JsonObject
            {
                ["file"] = path,
                ["instrument"] = InstrumentClasses.GetName(decision.ClassId),
                ["classId"] = decision.ClassId,
                ["trackType"] = type,
                ["confidence"] = Math.Round(decision.Probability, 4),
                ["uncertain"] = decision.Probability <= 0.75f,
                ["frames"] = decision.Frames,
                ["windows"] = array,
            };
            output.WriteLine(root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Path.GetFileName(path)}: {InstrumentClasses.GetName(decision.ClassId)} (class {decision.ClassId}), {type}, confidence {decision.Probability:F3}{(decision.Probability <= 0.75f ? " (below 0.75: uncertain)" : "")}, {decision.Frames} frames"));
        foreach ((double start, TrackDecision d) in windows)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  window ending {start,7:F2} s  {(d.Frames == 0 ? "silent" : d.Instrument is null ? $"uncertain (best {InstrumentClasses.GetName(d.BestClassId)})" : InstrumentClasses.GetName(d.BestClassId)),-40} {d.Type.ToString().ToLowerInvariant(),-10} {d.Confidence:F3}"));
        }

        return 0;
    }
}
