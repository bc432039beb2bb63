namespace NomadMuse.Generation.Midi;

/// <summary>File-wide meta events gathered from every track while reading.</summary>
internal sealed class FileMetaCollector
{
    public List<TempoChange> Tempos { get; } = [];

    public List<TimeSignature> TimeSignatures { get; } = [];

    public List<KeySignature> KeySignatures { get; } = [];
}
