using NomadMuse.Generation.Model;
using NomadMuse.Generation.Runtime;

namespace NomadMuse.Personalization;

/// <summary>
/// Plugs a <see cref="PersonalAdapter"/> into generation sessions: set an instance as
/// <see cref="GenerationOptions.LogitAdjustment"/> and every step's logits become the γ blend of
/// <see cref="PersonalAdapter.Apply"/>.
/// </summary>
/// <example>
/// <code>
/// var adapter = PersonalAdapter.Load("me.nmm", generator.Model);
/// var session = generator.OpenSession(new GenerationOptions { LogitAdjustment = new PersonalAdapterAdjustment(adapter, log.Gamma) });
/// </code>
/// </example>
public sealed class PersonalAdapterAdjustment : ILogitAdjustment
{
    /// <summary>Creates the adjustment.</summary>
    /// <param name="adapter">The trained adapter.</param>
    /// <param name="gamma">γ, e.g. <see cref="SessionLog.Gamma"/>; 0 turns the adapter off.</param>
    /// <exception cref="ArgumentOutOfRangeException">γ is negative or not finite.</exception>
    public PersonalAdapterAdjustment(PersonalAdapter adapter, double gamma)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        PersonalAdapter.PersonalShare(gamma); // validates
        Adapter = adapter;
        Gamma = gamma;
    }

    /// <summary>The adapter.</summary>
    public PersonalAdapter Adapter { get; }

    /// <summary>γ of the blend.</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The generator's hidden width is not the adapter's.</exception>
    public ILogitAdjuster Open(GeneratorModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Config.HiddenSize != Adapter.HiddenSize)
        {
            throw new ArgumentException($"The personal adapter is for H = {Adapter.HiddenSize}, the generator has H = {model.Config.HiddenSize}.", nameof(model));
        }

        return new Stream(Adapter, PersonalAdapter.PersonalShare(Gamma));
    }

    private sealed class Stream(PersonalAdapter adapter, double share) : ILogitAdjuster
    {
        private readonly float[] _scratch = new float[adapter.ScratchLength];

        public void Adjust(GeneratorState state, Span<float> logits) => adapter.ApplyShare(state, logits, share, _scratch);
    }
}
