using NomadMuse.Core.Neural;

namespace NomadMuse.Generation.Model;

/// <summary>
/// One stream's memory for <see cref="TransformerModel.Step"/>: a key/value ring per block (the last 33 tokens),
/// the residual vector, the conditioning and scratch. Caller-owned; create one per stream with
/// <see cref="TransformerModel.CreateState"/>.
/// </summary>
/// <remarks>Not thread-safe: one stream, one thread at a time. <see cref="Reset"/> starts a new sequence.</remarks>
public sealed class TransformerState
{
    internal TransformerState(TransformerConfig config, LocalAttentionCache[] caches, int scratch)
    {
        Config = config;
        Caches = caches;
        Residual = new float[config.ModelDimension];
        Normed = new float[config.ModelDimension];
        Scratch = new float[scratch];
    }

    /// <summary>The configuration of the model that created this state.</summary>
    public TransformerConfig Config { get; }

    /// <summary>Instrument conditioning (0 = unknown, 1–20 = <c>InstrumentClass</c>).</summary>
    public int Instrument { get; private set; }

    /// <summary>Track-type conditioning (0 unknown, 1 tonal, 2 percussive).</summary>
    public int TrackType { get; private set; }

    /// <summary>Tokens stepped since the last <see cref="Reset"/>.</summary>
    public long Position => Caches[0].Position;

    internal LocalAttentionCache[] Caches { get; }

    internal float[] Residual { get; }

    internal float[] Normed { get; }

    internal float[] Scratch { get; }

    /// <summary>Sets the conditioning used by the following steps (takes effect immediately; does not reset).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A class is outside its range.</exception>
    public void SetContext(int instrument, int trackType)
    {
        GeneratorConfig.ValidateContext(instrument, trackType);
        Instrument = instrument;
        TrackType = trackType;
    }

    /// <summary>Clears every attention ring so the next step starts a new sequence. Allocates nothing; keeps the conditioning.</summary>
    public void Reset()
    {
        foreach (var cache in Caches)
        {
            cache.Reset();
        }
    }
}
