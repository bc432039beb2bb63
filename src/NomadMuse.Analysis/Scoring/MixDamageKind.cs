namespace NomadMuse.Analysis.Scoring;

/// <summary>The kinds of known damage injected into clean mixes to make the scorer's labels.</summary>
internal enum MixDamageKind
{
    None,
    Peaking,
    LowShelf,
    HighShelf,
    PolarityFlip,
    SideGain,
    Compression,
}
