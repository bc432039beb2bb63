namespace NomadMuse.Generation.Training;

/// <summary>One MIDI file of a corpus folder.</summary>
/// <param name="RelativePath">Path relative to the corpus root, with '/' separators (the split key).</param>
/// <param name="FullPath">Absolute path on disk.</param>
/// <param name="Split">The split its relative path hashes to.</param>
public sealed record CorpusFile(string RelativePath, string FullPath, DatasetSplit Split);
