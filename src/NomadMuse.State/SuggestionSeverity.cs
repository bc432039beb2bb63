namespace NomadMuse.State;

/// <summary>How much a <see cref="MixSuggestion"/> matters.</summary>
public enum SuggestionSeverity
{
    /// <summary>A hint; the mix is within tolerance.</summary>
    Info = 0,

    /// <summary>Noticeably off target; worth fixing.</summary>
    Warning = 1,

    /// <summary>A problem that will be heard (clipping, masking, far off target).</summary>
    Critical = 2,
}
