using NomadMuse.Generation.Model;
using NomadMuse.Generation.Runtime;
using NomadMuse.Personalization;

namespace NomadMuse.Hosting;

/// <summary>
/// The logit adjustment every generation session of the coordinator is opened with when personalisation is added:
/// it blends in whichever adapter is current (none: the logits are left as they are), so a retrained adapter reaches
/// sessions that are already open.
/// </summary>
/// <remarks>
/// Why swapping into open sessions is safe: the adapter only rewrites a step's logits after the frozen model computed
/// them; the model's recurrent and attention state never depends on it. A session that sees a new adapter therefore
/// continues exactly as if it had been opened with it, except for the one prediction already adjusted before the swap.
/// The adapter and its share are published together as one immutable pair (one volatile write), and an adapter's
/// weights are never written after it is published, so a step reads either the old pair or the new one, never a mix.
/// </remarks>
internal sealed class SwappableAdapterAdjustment : ILogitAdjustment
{
    // PersonalAdapter's largest rank; sizing each session's scratch for it means a swap to a higher-rank adapter
    // never has to allocate on the generation thread.
    private const int MaxRank = 64;

    private Blend? _current;

    /// <summary>The adapter sessions blend in now, or null.</summary>
    public PersonalAdapter? Adapter => Volatile.Read(ref _current)?.Adapter;

    /// <summary>Makes <paramref name="adapter"/> (or none) the one every session blends in from its next step on.</summary>
    /// <param name="adapter">An adapter loaded or trained for the generation module's model, or null to run unadapted.</param>
    /// <param name="gamma">γ of the blend.</param>
    public void Swap(PersonalAdapter? adapter, double gamma) =>
        Volatile.Write(ref _current, adapter is null ? null : new Blend(adapter, PersonalAdapter.PersonalShare(gamma)));

    public ILogitAdjuster Open(GeneratorModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new Stream(this);
    }

    private sealed record Blend(PersonalAdapter Adapter, double Share);

    private sealed class Stream(SwappableAdapterAdjustment owner) : ILogitAdjuster
    {
        private readonly float[] _scratch = new float[MaxRank + GeneratorConfig.Vocabulary];

        public void Adjust(GeneratorState state, Span<float> logits)
        {
            // One read: the adapter and its share come from the same publication.
            if (Volatile.Read(ref owner._current) is { } blend)
            {
                blend.Adapter.ApplyShare(state, logits, blend.Share, _scratch);
            }
        }
    }
}
