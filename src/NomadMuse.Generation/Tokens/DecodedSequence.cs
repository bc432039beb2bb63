namespace NomadMuse.Generation.Tokens;

/// <summary>What a token sequence decodes to: notes and control markers in beats, in token order.</summary>
public sealed class DecodedSequence
{
    internal DecodedSequence(IReadOnlyList<BeatNote> notes, IReadOnlyList<BeatControl> controls, double endBeats)
    {
        Notes = notes;
        Controls = controls;
        EndBeats = endBeats;
    }

    /// <summary>Notes in token order (time, then pitched before drums, then key).</summary>
    public IReadOnlyList<BeatNote> Notes { get; }

    /// <summary>Sustain, modulation and pitch-bend markers in token order (percussion markers are not listed).</summary>
    public IReadOnlyList<BeatControl> Controls { get; }

    /// <summary>The time reached by the last TIME_SHIFT, in beats.</summary>
    public double EndBeats { get; }
}
