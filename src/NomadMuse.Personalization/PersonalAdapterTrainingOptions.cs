namespace NomadMuse.Personalization;

/// <summary>Settings of <see cref="PersonalAdapterTrainer"/>.</summary>
public sealed class PersonalAdapterTrainingOptions
{
    /// <summary>Rank of the correction (1–64).</summary>
    public int Rank { get; set; } = PersonalAdapter.DefaultRank;

    /// <summary>Passes over the logged tokens (1–10,000).</summary>
    public int Epochs { get; set; } = 30;

    /// <summary>AdamW learning rate, constant after a short warm-up (0–1].</summary>
    public float LearningRate { get; set; } = 3e-3f;

    /// <summary>AdamW decoupled weight decay on A and B (pulls the adapter back towards the frozen model).</summary>
    public float WeightDecay { get; set; } = 0.01f;

    /// <summary>Token rows per update (1–65,536).</summary>
    public int BatchTokens { get; set; } = 256;

    /// <summary>Seeds A's initialisation and the shuffling; the same seed and log give bit-identical adapters.</summary>
    public ulong Seed { get; set; } = 1;

    /// <summary>How rejected sequences are used.</summary>
    public RejectedHandling Rejected { get; set; } = RejectedHandling.NoIncrease;

    /// <summary>
    /// Longest stretch scored from one fresh model state (1–4096); longer sequences are cut into pieces of this many
    /// predictions, like the 512-token training chunks.
    /// </summary>
    public int ChunkTokens { get; set; } = 512;

    /// <summary>
    /// Token budget (1–2,000,000): the newest sequences are used until it is reached. Each token keeps H + 258 floats
    /// of frozen-model features in memory (1.4 KB for the student).
    /// </summary>
    public int MaxTokens { get; set; } = 200_000;

    /// <summary>A progress report every this many updates.</summary>
    public int ProgressInterval { get; set; } = 20;

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range (named).</exception>
    public void Validate()
    {
        Check(Rank, 1, 64, nameof(Rank));
        Check(Epochs, 1, 10_000, nameof(Epochs));
        Check(BatchTokens, 1, 65_536, nameof(BatchTokens));
        Check(ChunkTokens, 1, 4096, nameof(ChunkTokens));
        Check(MaxTokens, 1, 2_000_000, nameof(MaxTokens));
        Check(ProgressInterval, 1, int.MaxValue, nameof(ProgressInterval));
        if (!(LearningRate > 0f && LearningRate <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "Must be in (0, 1].");
        }

        if (!(WeightDecay >= 0f && WeightDecay < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "Must be in [0, 1).");
        }

        if (!Enum.IsDefined(Rejected))
        {
            throw new ArgumentOutOfRangeException(nameof(Rejected), Rejected, "NoIncrease, DownWeighted or Unlikelihood.");
        }
    }

    private static void Check(int value, int min, int max, string name)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"Must be {min}–{max}.");
        }
    }
}
