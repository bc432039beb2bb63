namespace NomadMuse.State;

/// <summary>What the user allows to leave the device (seed §5.2). The default keeps everything local.</summary>
public enum SharingConsent
{
    /// <summary>All data stays on the device; nothing is sent (the default).</summary>
    LocalOnly = 0,

    /// <summary>Aggregated statistics (no MIDI, no audio) may be shared.</summary>
    AnonymizedSharing = 1,

    /// <summary>Anonymized full session logs may be shared; opt-in and revocable.</summary>
    ResearchContribution = 2,
}
