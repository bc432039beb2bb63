using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using NomadMuse.Classification.Runtime;
using NomadMuse.Core.Audio;
using NomadMuse.Hosting;

namespace NomadMuse.Studio.Commands;

/// <summary>
/// <c>classify --hosted</c>: streams a file through <c>AddNomadMuse(b =&gt; b.AddClassification())</c> in 512-frame
/// buffers, the way a host's audio callback feeds a track, and collects the coordinator's <c>TrackClassified</c>
/// decisions.
/// </summary>
internal static class HostedClassification
{
    private const int TrackId = 0;
    private const int Block = 512;
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    /// <summary>The decisions of the windows that had sound, each with the time its window ended, in seconds.</summary>
    /// <exception cref="TimeoutException">The classification thread made no progress for a minute.</exception>
    public static List<(double End, TrackDecision Decision)> Run(string path, string? model, bool int8)
    {
        AudioBuffer audio = WavFile.ReadAll(path);
        var services = new ServiceCollection();
        services.AddNomadMuse(b => b.AddClassification(o =>
        {
            o.ModelPath = model;
            o.Quantize = int8;
        }));
        using ServiceProvider provider = services.BuildServiceProvider();
        var muse = provider.GetRequiredService<IMuseCoordinator>();

        // The loop cuts each track into 50 ms frames rounded up to whole samples, and counts a frame only after its
        // decision was raised: inside the handler the count is the number of frames before this window's last one.
        double frameSeconds = Math.Ceiling(audio.SampleRate / 20.0) / audio.SampleRate;
        var windows = new ConcurrentQueue<(double, TrackDecision)>();
        muse.TrackClassified += (_, e) => windows.Enqueue(((muse.ClassificationCounters.FramesClassified + 1) * frameSeconds, e.Decision));
        muse.RegisterTrack(TrackId, audio.SampleRate);

        // Half a second at a time, then wait until it is classified: faster than real time, and the track's 1 s ring
        // never overflows.
        int frameLength = (int)Math.Ceiling(audio.SampleRate / 20.0), channels = audio.Channels, chunk = audio.SampleRate / 2;
        for (int chunkStart = 0; chunkStart < audio.FrameCount; chunkStart += chunk)
        {
            int chunkEnd = Math.Min(chunkStart + chunk, audio.FrameCount);
            for (int start = chunkStart; start < chunkEnd; start += Block)
            {
                int frames = Math.Min(Block, chunkEnd - start);
                muse.OnTrackAudio(TrackId, audio.Samples.AsSpan(start * channels, frames * channels), channels, audio.SampleRate);
            }

            long expected = chunkEnd / frameLength;
            if (!SpinWait.SpinUntil(() => muse.ClassificationCounters.FramesClassified >= expected, HangGuard))
            {
                throw new TimeoutException($"the classification thread classified {muse.ClassificationCounters.FramesClassified} of {expected} frames in a minute");
            }
        }

        return [.. windows];
    }
}
