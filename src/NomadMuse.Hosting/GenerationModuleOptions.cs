using NomadMuse.Generation.Runtime;
using NomadMuse.Generation.Runtime.Modes;

namespace NomadMuse.Hosting;

/// <summary>Settings of the generation added by <see cref="NomadMuseBuilder.AddGeneration"/> (validated when the coordinator is created, or at host start).</summary>
public sealed class GenerationModuleOptions
{
    /// <summary>A generator model file (.nmm); null (default) for the model embedded in NomadMuse.Generation.</summary>
    public string? ModelPath { get; set; }

    /// <summary>Run an fp32 model file through the INT8 kernels (default true; an INT8 file is INT8 either way).</summary>
    public bool Quantize { get; set; } = true;

    /// <summary>Base sampling temperature, 0.05–5 (default 1).</summary>
    public float Temperature { get; set; } = 1f;

    /// <summary>Nucleus mass, above 0 and at most 1 (default 0.95).</summary>
    public float TopP { get; set; } = 0.95f;

    /// <summary>Top-k cut, 0 = off (default 0; at most 258).</summary>
    public int TopK { get; set; }

    /// <summary>Seed of every track's sampler (the track id is mixed in); null for a random seed.</summary>
    public long? Seed { get; set; }

    /// <summary>Mode of every track's session (default <see cref="GenerationMode.Auto"/>: follow the track type in the state).</summary>
    public GenerationMode Mode { get; set; } = GenerationMode.Auto;

    /// <summary>
    /// Where tonal tracks take their key (default <see cref="KeySource.Detect"/>: detected from each track's music and
    /// written to the state; <see cref="KeySource.State"/> when the host sets the key itself).
    /// </summary>
    public KeySource KeySource { get; set; } = KeySource.Detect;

    /// <summary>Ghost notes below this confidence are not offered by <see cref="IMuseCoordinator.SuggestNextBar"/> (default 0.6; 0–1).</summary>
    public float GhostNoteThreshold { get; set; } = 0.6f;
}
