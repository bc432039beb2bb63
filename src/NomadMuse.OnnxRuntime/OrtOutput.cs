namespace NomadMuse.OnnxRuntime;

/// <summary>A named float32 output for <see cref="OrtSession.Run(IReadOnlyList{OrtInput}, IReadOnlyList{OrtOutput})"/>: where to copy it.</summary>
public readonly struct OrtOutput
{
    /// <summary>Creates an output binding.</summary>
    /// <param name="name">The graph output name.</param>
    /// <param name="destination">Exactly as many elements as the output will have.</param>
    public OrtOutput(string name, Memory<float> destination)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Destination = destination;
    }

    /// <summary>The graph output name.</summary>
    public string Name { get; }

    /// <summary>The caller's buffer.</summary>
    public Memory<float> Destination { get; }
}
