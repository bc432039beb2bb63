namespace NomadMuse.Classification.Training.Data;

/// <summary>A drum kit inside a SoundFont: the file, the channel and program that select it, and a label for labels.csv.</summary>
/// <param name="SoundFont">The .sf2/.sf3 file.</param>
/// <param name="Channel">MIDI channel (9 selects bank 128 in GM SoundFonts; a kit stored as bank 0 plays on channel 0).</param>
/// <param name="Program">The kit's program number.</param>
/// <param name="Label">Name for the <c>source</c> column.</param>
public sealed record DrumSoundFontKit(string SoundFont, int Channel, int Program, string Label);
