namespace NomadMuse.Core.Training;

/// <summary>Settings for a <see cref="Trainer{TBatch}"/>; validated when the trainer is created.</summary>
public sealed class TrainerOptions
{
    /// <summary>Passes over the batch source. <value>The default is 1.</value></summary>
    public int Epochs { get; set; } = 1;

    /// <summary>Stops after this many steps if set, overriding <see cref="Epochs"/>. <value>The default is null.</value></summary>
    public long? MaxSteps { get; set; }

    /// <summary>The peak learning rate of the warm-up + cosine schedule. <value>The default is 1e-3.</value></summary>
    public float LearningRate { get; set; } = 1e-3f;

    /// <summary>The floor the cosine decays to. <value>The default is 0.</value></summary>
    public float MinimumLearningRate { get; set; }

    /// <summary>Linear warm-up steps. <value>The default is 0.</value></summary>
    public long WarmupSteps { get; set; }

    /// <summary>AdamW decoupled weight decay λ. <value>The default is 0.01 (PyTorch's).</value></summary>
    public float WeightDecay { get; set; } = 0.01f;

    /// <summary>AdamW β₁. <value>The default is 0.9.</value></summary>
    public float Beta1 { get; set; } = 0.9f;

    /// <summary>AdamW β₂. <value>The default is 0.999.</value></summary>
    public float Beta2 { get; set; } = 0.999f;

    /// <summary>AdamW ε. <value>The default is 1e-8.</value></summary>
    public float Epsilon { get; set; } = 1e-8f;

    /// <summary>Global gradient-norm clip, or 0 for none. <value>The default is 1.</value></summary>
    public float MaxGradientNorm { get; set; } = 1f;

    /// <summary>Seed of the batch order (a fresh permutation per epoch). <value>The default is 0.</value></summary>
    public ulong ShuffleSeed { get; set; }

    /// <summary>Whether batches are shuffled each epoch. <value>The default is true.</value></summary>
    public bool Shuffle { get; set; } = true;

    /// <summary>Steps between progress reports (the last step is always reported). <value>The default is 10.</value></summary>
    public int ProgressInterval { get; set; } = 10;

    /// <summary>Where checkpoints go, or null for none. <value>The default is null.</value></summary>
    public string? CheckpointPath { get; set; }

    /// <summary>Steps between checkpoints, or 0 to write only when the run stops. <value>The default is 0.</value></summary>
    public int CheckpointInterval { get; set; }

    /// <summary>Whether a cancelled run writes a checkpoint (when a path is set). <value>The default is true.</value></summary>
    public bool CheckpointOnCancel { get; set; } = true;

    /// <summary>Checks every value.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range (the parameter name says which).</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Epochs);
        if (MaxSteps is { } max && max <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSteps), max, "Must be positive when set.");
        }

        if (!(LearningRate > 0f) || float.IsPositiveInfinity(LearningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "Must be positive and finite.");
        }

        if (!(MinimumLearningRate >= 0f && MinimumLearningRate <= LearningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(MinimumLearningRate), MinimumLearningRate, "Must be in [0, LearningRate].");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(WarmupSteps);
        if (!(MaxGradientNorm >= 0f))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxGradientNorm), MaxGradientNorm, "Must be non-negative (0 disables clipping).");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ProgressInterval);
        ArgumentOutOfRangeException.ThrowIfNegative(CheckpointInterval);
        // AdamW validates β, ε and λ itself.
    }
}
