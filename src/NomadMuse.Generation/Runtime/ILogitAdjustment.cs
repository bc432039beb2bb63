using NomadMuse.Generation.Model;

namespace NomadMuse.Generation.Runtime;

/// <summary>
/// Something that changes the generator's logits after every model step of a session, such as a personal adapter
/// (<c>NomadMuse.Personalization.PersonalAdapterAdjustment</c>). Set it as <see cref="GenerationOptions.LogitAdjustment"/>.
/// </summary>
/// <remarks>Shared by sessions: <see cref="Open"/> is called once per session and returns that session's adjuster.</remarks>
public interface ILogitAdjustment
{
    /// <summary>Creates the per-session adjuster (its scratch memory is allocated here, not per step).</summary>
    /// <param name="model">The session's generator.</param>
    /// <exception cref="ArgumentException">The adjustment does not fit this generator.</exception>
    ILogitAdjuster Open(GeneratorModel model);
}

/// <summary>One session's logit adjuster.</summary>
public interface ILogitAdjuster
{
    /// <summary>Rewrites the 258 logits the step on <paramref name="state"/> just produced.</summary>
    /// <remarks>Real-time path: must allocate nothing and take no lock.</remarks>
    void Adjust(GeneratorState state, Span<float> logits);
}
