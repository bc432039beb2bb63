using NomadMuse.Personalization;

namespace NomadMuse.Hosting;

/// <summary>
/// Settings of the personalisation added by <see cref="NomadMuseBuilder.AddPersonalization"/> (validated when the
/// coordinator is created, or at host start).
/// </summary>
public sealed class PersonalizationOptions
{
    /// <summary>The encrypted session log (required); created at start-up when it does not exist.</summary>
    public string? SessionLogPath { get; set; }

    /// <summary>
    /// The log's key (required), e.g. <see cref="SessionLogKey.FromBytes"/> with a key from the operating system's key
    /// store. The host owns it: keep it undisposed while the container lives.
    /// </summary>
    public SessionLogKey? Key { get; set; }

    /// <summary>
    /// The personal adapter file (required): loaded at start-up when it exists, and where
    /// <see cref="IMuseCoordinator.RetrainAdapterAsync"/> writes the retrained adapter.
    /// </summary>
    public string? AdapterPath { get; set; }

    /// <summary>
    /// γ, the adapter's weight in the blend, fixed instead of computed from the log (default null:
    /// <see cref="AdapterWeighting.Gamma"/> of the session count, 0.2·sigmoid(n − 10)); finite and ≥ 0, 0 turns the
    /// adapter off.
    /// </summary>
    public double? Gamma { get; set; }

    /// <summary>How <see cref="IMuseCoordinator.RetrainAdapterAsync"/> trains (default: the trainer's defaults, 30 epochs, rank 16).</summary>
    public PersonalAdapterTrainingOptions Training { get; set; } = new();
}
