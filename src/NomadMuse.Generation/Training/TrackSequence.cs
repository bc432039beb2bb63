namespace NomadMuse.Generation.Training;

/// <summary>One tokenized MIDI track with the conditioning the generator sees for it.</summary>
/// <param name="FileIndex">Index into the store's file list.</param>
/// <param name="Instrument">Instrument class 0–20 (0 = unknown).</param>
/// <param name="TrackType">1 = tonal, 2 = percussive (channel-10 tracks).</param>
/// <param name="Tokens">START … END token ids.</param>
public sealed record TrackSequence(int FileIndex, int Instrument, int TrackType, ushort[] Tokens);
