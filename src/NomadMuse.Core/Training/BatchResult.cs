namespace NomadMuse.Core.Training;

/// <summary>What a training step function reports after its forward and backward passes.</summary>
/// <param name="Loss">The batch's mean loss (finite).</param>
/// <param name="Items">Tokens or samples in the batch, for throughput (items per second).</param>
public readonly record struct BatchResult(float Loss, int Items);
