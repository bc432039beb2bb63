using NomadMuse.Core.Kernels;
using NomadMuse.Core.Neural;

namespace NomadMuse.Generation.Model;

/// <summary>
/// One generation stream's memory: the three GRU hidden states, the attention ring cache, the conditioning and the
/// scratch buffers <see cref="GeneratorModel.Step"/> needs. Caller-owned; create one per stream with
/// <see cref="GeneratorModel.CreateState"/>.
/// </summary>
/// <remarks>Not thread-safe: one stream, one thread at a time. <see cref="Reset"/> starts a new sequence.</remarks>
public sealed class GeneratorState
{
    internal GeneratorState(GeneratorConfig config, LocalAttentionCache cache, int gruScratch, int attentionScratch)
    {
        Config = config;
        int h = config.HiddenSize;
        Hidden1 = new float[h];
        Hidden2 = new float[h];
        Hidden3 = new float[h];
        Input = new float[config.EmbeddingSize];
        Attended = new float[h];
        Residual = new float[h];
        GruScratch = new float[gruScratch];
        AttentionScratch = new float[attentionScratch];
        Cache = cache;
        InputQuantized = new QuantizedVector(config.EmbeddingSize);
        HiddenQuantized = new QuantizedVector(h);
        ContextQuantized = new QuantizedVector(GeneratorConfig.AttentionHead);
    }

    /// <summary>The configuration of the model that created this state.</summary>
    public GeneratorConfig Config { get; }

    /// <summary>Instrument conditioning (0 = unknown, 1–20 = <c>InstrumentClass</c>).</summary>
    public int Instrument { get; private set; }

    /// <summary>Track-type conditioning (0 unknown, 1 tonal, 2 percussive).</summary>
    public int TrackType { get; private set; }

    /// <summary>Tokens stepped since the last <see cref="Reset"/>.</summary>
    public long Position => Cache.Position;

    internal float[] Hidden1 { get; }

    internal float[] Hidden2 { get; }

    internal float[] Hidden3 { get; }

    internal float[] Input { get; }

    internal float[] Attended { get; }

    internal float[] Residual { get; }

    internal float[] GruScratch { get; }

    internal float[] AttentionScratch { get; }

    internal LocalAttentionCache Cache { get; }

    /// <summary>The quantised embedding sum (GRU1's input) of an INT8 step.</summary>
    internal QuantizedVector InputQuantized { get; }

    /// <summary>The quantised H-wide vector of an INT8 step, reused by every product that reads one (used in turn).</summary>
    internal QuantizedVector HiddenQuantized { get; }

    /// <summary>The quantised attention context of an INT8 step.</summary>
    internal QuantizedVector ContextQuantized { get; }

    /// <summary>Sets the conditioning used by the following steps (takes effect immediately; does not reset).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A class is outside its range.</exception>
    public void SetContext(int instrument, int trackType)
    {
        GeneratorConfig.ValidateContext(instrument, trackType);
        Instrument = instrument;
        TrackType = trackType;
    }

    /// <summary>Clears the hidden states and the attention cache so the next step starts a new sequence.</summary>
    /// <remarks>Allocates nothing; keeps the conditioning.</remarks>
    public void Reset()
    {
        Array.Clear(Hidden1);
        Array.Clear(Hidden2);
        Array.Clear(Hidden3);
        Cache.Reset();
    }
}
