namespace NomadMuse.Generation.Model;

/// <summary>Grow-only scratch arrays for the training passes: reused across batches, reallocated only when a batch is larger.</summary>
internal static class TrainingBuffers
{
    /// <summary>Makes <paramref name="buffer"/> hold at least <paramref name="length"/> items and returns its first <paramref name="length"/>.</summary>
    public static Span<T> Ensure<T>(ref T[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new T[length];
        }

        return buffer.AsSpan(0, length);
    }
}
