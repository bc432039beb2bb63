namespace NomadMuse.Generation.Evaluation;

/// <summary>
/// The musical statistics of one set of prompts three ways: the model's free continuation, the continuation under the
/// runtime's default key mask, and the real next bars (the reference that says what the numbers should be).
/// </summary>
public sealed class MusicalComparison
{
    /// <summary>Files whose prompt was continued.</summary>
    public int Files { get; internal set; }

    /// <summary>The model's continuations with no key mask (drum tracks: percussive mode, whose mask keeps hits on 35–81).</summary>
    public MusicalScore Generated { get; } = new();

    /// <summary>Tonal continuations with the runtime defaults: strict key mask, key detected from the music (drum tracks absent).</summary>
    public MusicalScore Constrained { get; } = new();

    /// <summary>The files' real next bars after the same prompts.</summary>
    public MusicalScore Reference { get; } = new();
}
