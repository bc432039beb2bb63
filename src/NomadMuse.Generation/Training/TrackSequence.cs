namespace NomadMuse.Generation.Training;

/// <summary>One tokenized MIDI track with the conditioning the generator sees for it.</summary>
/// <param name="FileIndex">Index into the store's file list.</param>
/// <param name="Instrument">Instrument class 0–20 (0 = unknown).</param>
/// <param name="TrackType">1 = tonal, 2 = percussive (channel-10 tracks).</param>
/// <param name="Tokens">START … END token ids.</param>
/// <param name="SwingRatio">
/// The swing ratio the track was tokenized with, 0.5 (straight) to 0.75: its onsets were straightened by it before
/// quantising, so decoding with it gives the swing back (see <see cref="SwingDetection"/>).
/// </param>
public sealed record TrackSequence(int FileIndex, int Instrument, int TrackType, ushort[] Tokens, double SwingRatio = 0.5)
{
    /// <summary>The swing flag: whether the track was tokenized as swung (<see cref="SwingRatio"/> above 0.5).</summary>
    public bool IsSwung => SwingRatio > 0.5;
}
