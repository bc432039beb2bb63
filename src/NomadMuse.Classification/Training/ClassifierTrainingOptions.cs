namespace NomadMuse.Classification.Training;

/// <summary>Settings of <see cref="ClassifierTrainer"/>.</summary>
public sealed class ClassifierTrainingOptions
{
    /// <summary>Optimizer steps of phase 1 (all classes, balanced).</summary>
    public int Steps { get; set; } = 3000;

    /// <summary>Optimizer steps of phase 2 (drum specialisation: backbone frozen, half the batch drums, drum classes weighted ×2).</summary>
    public int DrumSteps { get; set; } = 400;

    /// <summary>Patches per batch.</summary>
    public int BatchSize { get; set; } = 32;

    /// <summary>Peak learning rate of phase 1 (warm-up + cosine); phase 2 uses a fifth of it.</summary>
    public float LearningRate { get; set; } = 2e-3f;

    /// <summary>Mixup α (Beta(α, α) mixing weight); 0 turns mixup off.</summary>
    public float MixupAlpha { get; set; } = 0.2f;

    /// <summary>Whether patches are augmented (pitch, stretch, gain, noise).</summary>
    public bool Augment { get; set; } = true;

    /// <summary>Seed of initialisation, sampling and augmentation.</summary>
    public ulong Seed { get; set; } = 1;

    /// <summary>Checkpoint file prefix (phase 1 and 2 checkpoints and model snapshots are written next to it), or null.</summary>
    public string? CheckpointPath { get; set; }

    /// <summary>Steps between checkpoints.</summary>
    public int CheckpointInterval { get; set; } = 200;

    /// <summary>Continue from existing checkpoints.</summary>
    public bool Resume { get; set; }

    /// <summary>Steps between progress lines.</summary>
    public int ProgressInterval { get; set; } = 25;
}
