namespace NomadMuse.Classification.Data;

/// <summary>One row of a <c>labels.csv</c>: an audio clip and its instrument class.</summary>
/// <param name="File">Path of the audio file relative to the folder holding <c>labels.csv</c> (forward slashes).</param>
/// <param name="ClassId">Instrument class 1–20 (seed §3.3.2).</param>
/// <param name="ClassName">Display name of the class.</param>
/// <param name="Percussive">Track type: percussive (<see langword="true"/>) or tonal.</param>
/// <param name="Source">Where the clip came from (SoundFont, kit, voice), or empty; optional fifth column.</param>
public sealed record ClipLabel(string File, int ClassId, string ClassName, bool Percussive, string Source = "");
