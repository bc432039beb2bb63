namespace NomadMuse.Generation.Runtime.Modes;

/// <summary>How tonal mode treats pitches outside the key.</summary>
public enum KeyConstraint
{
    /// <summary>Out-of-key pitches are never sampled (their logits are masked to −∞).</summary>
    Strict = 0,

    /// <summary>Out-of-key pitches stay possible but their logits are lowered by the soft-key penalty.</summary>
    Soft = 1,

    /// <summary>No key constraint at all.</summary>
    None = 2,
}
