namespace NomadMuse.Generation.Tokens;

/// <summary>When the encoder writes a VELOCITY token before a NOTE_ON.</summary>
public enum VelocityTokenMode
{
    /// <summary>Only when the velocity bin differs from the last one written (the default: fewer tokens).</summary>
    OnChange,

    /// <summary>Before every note.</summary>
    Always,
}
