namespace NomadMuse.Core.Audio.Flac;

/// <summary>The STREAMINFO block of a FLAC stream: the format every frame must match.</summary>
/// <param name="MinBlockSize">Smallest block size in samples.</param>
/// <param name="MaxBlockSize">Largest block size in samples.</param>
/// <param name="SampleRate">Samples per second per channel.</param>
/// <param name="Channels">Channel count (1–8).</param>
/// <param name="BitsPerSample">Bits per sample (4–32).</param>
/// <param name="TotalFrames">Samples per channel in the stream, or 0 when the encoder did not know.</param>
public sealed record FlacStreamInfo(int MinBlockSize, int MaxBlockSize, int SampleRate, int Channels, int BitsPerSample, long TotalFrames);
