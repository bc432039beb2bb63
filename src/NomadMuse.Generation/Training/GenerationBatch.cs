namespace NomadMuse.Generation.Training;

/// <summary>A time-major training batch: inputs and next-token targets <c>[T × B]</c>, conditioning per column.</summary>
/// <remarks>The arrays are reused by the batch source between calls; consume a batch before asking for the next.</remarks>
public sealed class GenerationBatch
{
    internal GenerationBatch(int steps, int batch)
    {
        Steps = steps;
        Batch = batch;
        Inputs = new int[steps * batch];
        Targets = new int[steps * batch];
        Instruments = new int[batch];
        TrackTypes = new int[batch];
    }

    /// <summary>T.</summary>
    public int Steps { get; }

    /// <summary>B.</summary>
    public int Batch { get; }

    /// <summary>Input tokens, element (t, b) at <c>t·B + b</c>.</summary>
    public int[] Inputs { get; }

    /// <summary>Next-token targets; PAD (0) where a column ran out (ignored by the loss).</summary>
    public int[] Targets { get; }

    /// <summary>Instrument class per column.</summary>
    public int[] Instruments { get; }

    /// <summary>Track type per column.</summary>
    public int[] TrackTypes { get; }

    /// <summary>The number of non-PAD targets.</summary>
    public int TargetCount { get; internal set; }
}
