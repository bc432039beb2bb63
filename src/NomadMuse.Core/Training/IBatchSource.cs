namespace NomadMuse.Core.Training;

/// <summary>Supplies one epoch's mini-batches by index; the <see cref="Trainer{TBatch}"/> decides the order.</summary>
/// <typeparam name="TBatch">Whatever the caller's step function consumes (token ids and targets, frames…).</typeparam>
/// <remarks>A source may reuse one batch object between calls: the trainer finishes with a batch before asking for
/// the next. Called on the training thread only.</remarks>
public interface IBatchSource<out TBatch>
{
    /// <summary>Batches per epoch (positive).</summary>
    int BatchCount { get; }

    /// <summary>The batch at <paramref name="index"/> in [0, <see cref="BatchCount"/>).</summary>
    /// <param name="index">The batch index.</param>
    /// <returns>The batch.</returns>
    TBatch GetBatch(int index);
}
