namespace NomadMuse.Core.Training;

/// <summary>How a <see cref="Trainer{TBatch}.Run"/> ended.</summary>
/// <param name="Steps">Completed optimizer steps (including those of resumed runs).</param>
/// <param name="Cancelled">Whether cancellation stopped it before the last step.</param>
/// <param name="LastLoss">The loss of the last step taken (NaN if none).</param>
/// <param name="CheckpointWritten">Whether a checkpoint was written when it stopped.</param>
public sealed record TrainingResult(long Steps, bool Cancelled, float LastLoss, bool CheckpointWritten);
