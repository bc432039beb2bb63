namespace NomadMuse.Core.Neural;

/// <summary>
/// The caller-owned key/value ring of one <see cref="LocalSelfAttention"/> stream: the last <c>window + 1</c> keys
/// and values, so every incremental step costs the same however long the sequence.
/// </summary>
/// <remarks>Create it with <see cref="LocalSelfAttention.CreateCache"/> (the only allocation), one per stream
/// (track, session); not thread-safe: one thread steps it at a time.</remarks>
public sealed class LocalAttentionCache
{
    internal LocalAttentionCache(int slots, int headDimension)
    {
        Slots = slots;
        HeadDimension = headDimension;
        Keys = new float[slots * headDimension];
        Values = new float[slots * headDimension];
    }

    /// <summary>Tokens seen since creation or the last <see cref="Reset"/>; the next token's position.</summary>
    public long Position { get; internal set; }

    /// <summary>Ring length: the window plus the current token.</summary>
    public int Slots { get; }

    /// <summary>Key/value vector size.</summary>
    public int HeadDimension { get; }

    internal float[] Keys { get; }

    internal float[] Values { get; }

    /// <summary>Forgets every token (start of a new sequence). Allocation-free.</summary>
    public void Reset()
    {
        Position = 0;
        Array.Clear(Keys);
        Array.Clear(Values);
    }
}
