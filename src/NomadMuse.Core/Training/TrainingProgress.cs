namespace NomadMuse.Core.Training;

/// <summary>A progress report from <see cref="Trainer{TBatch}.Run"/>.</summary>
/// <param name="Step">Completed optimizer steps.</param>
/// <param name="TotalSteps">Steps the run will take.</param>
/// <param name="Epoch">The 0-based epoch of the last step.</param>
/// <param name="Loss">Mean batch loss since the previous report.</param>
/// <param name="ItemsPerSecond">Tokens or samples per second since the previous report.</param>
/// <param name="LearningRate">The learning rate of the last step.</param>
/// <param name="GradientNorm">The global gradient norm of the last step, before clipping.</param>
/// <param name="Elapsed">Wall time of this run (not counting earlier runs resumed from).</param>
/// <param name="EstimatedRemaining">Time left at this run's average pace.</param>
public sealed record TrainingProgress(long Step, long TotalSteps, int Epoch, float Loss, double ItemsPerSecond,
    float LearningRate, float GradientNorm, TimeSpan Elapsed, TimeSpan EstimatedRemaining);
