using NomadMuse.Core.Audio;
using NomadMuse.Core.Audio.Flac;

namespace NomadMuse.Analysis;

/// <summary>Streams a WAV or FLAC file (chosen by its first four bytes) through a <see cref="MixAnalyzer"/>.</summary>
internal static class AudioFileAnalysis
{
    private const int BufferFrames = 8192;

    /// <summary>Reads the whole file into a new analyser.</summary>
    /// <exception cref="InvalidDataException">The file is neither RIFF/WAVE nor FLAC, or is malformed.</exception>
    public static MixAnalyzer Analyze(string path, MixAnalyzerOptions? options)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Span<byte> magic = stackalloc byte[4];
        using (FileStream probe = File.OpenRead(path))
        {
            if (probe.ReadAtLeast(magic, 4, throwOnEndOfStream: false) < 4)
            {
                throw new InvalidDataException($"{path}: too short to be a WAV or FLAC file.");
            }
        }

        try
        {
            if (magic.SequenceEqual("fLaC"u8))
            {
                using FlacReader flac = FlacReader.Open(path);
                return Run(flac.SampleRate, flac.Channels, flac.ReadFrames, options);
            }

            if (magic.SequenceEqual("RIFF"u8) || magic.SequenceEqual("RF64"u8))
            {
                using var wav = new WavReader(path);
                return Run(wav.Format.SampleRate, wav.Channels, wav.ReadFrames, options);
            }
        }
        catch (Exception e) when (e is FlacFormatException or WavFormatException)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }

        throw new InvalidDataException($"{path}: not a WAV (RIFF) or FLAC file.");
    }

    private delegate int FrameSource(Span<float> interleaved);

    private static MixAnalyzer Run(int sampleRate, int channels, FrameSource read, MixAnalyzerOptions? options)
    {
        var analyzer = new MixAnalyzer(sampleRate, channels, options);
        float[] buffer = new float[BufferFrames * channels];
        int frames;
        while ((frames = read(buffer)) > 0)
        {
            analyzer.Push(buffer.AsSpan(0, frames * channels));
        }

        return analyzer;
    }
}
