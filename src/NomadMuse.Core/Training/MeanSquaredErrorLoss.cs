namespace NomadMuse.Core.Training;

/// <summary>Mean squared error: <c>L = (1/n)·Σ (y − t)²</c>, gradient <c>2(y − t)/n</c> (PyTorch <c>mse_loss</c>, mean).</summary>
/// <remarks>Allocation-free and thread-safe.</remarks>
public static class MeanSquaredErrorLoss
{
    /// <summary>Computes the loss and writes dL/dy.</summary>
    /// <param name="predictions">y.</param>
    /// <param name="targets">t, same length.</param>
    /// <param name="gradPredictions">Receives dL/dy (overwritten), same length.</param>
    /// <returns>The mean loss (0 for empty input).</returns>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static float Compute(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> gradPredictions)
    {
        if (targets.Length != predictions.Length || gradPredictions.Length != predictions.Length)
        {
            throw new ArgumentException($"Lengths differ: {predictions.Length}, {targets.Length}, {gradPredictions.Length}.", nameof(predictions));
        }

        int n = predictions.Length;
        if (n == 0)
        {
            return 0f;
        }

        double sum = 0;
        float scale = 2f / n;
        for (int i = 0; i < n; i++)
        {
            float d = predictions[i] - targets[i];
            sum += (double)d * d;
            gradPredictions[i] = d * scale;
        }

        return (float)(sum / n);
    }
}
