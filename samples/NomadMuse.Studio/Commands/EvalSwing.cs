using NomadMuse.Generation.Training;

namespace NomadMuse.Studio.Commands;

/// <summary>
/// The swing detection <c>eval generation</c> tokenizes with: <c>--swing detect|off</c> when given, else the one the
/// model records (<c>extra.swing_detection</c>), else <see cref="Unrecorded"/>, because a model is scored on the
/// tokens it learnt from.
/// </summary>
/// <param name="Detection">The setting.</param>
/// <param name="Reason">Where it came from, for the report.</param>
internal sealed record EvalSwing(SwingDetection Detection, string Reason)
{
    /// <summary>
    /// The setting for a model that records none: off. Such models (the shipped default among them) were trained
    /// before the pipeline detected swing, on straight tokens; scoring them on detected tokens costs the shipped
    /// default +0.34 % test perplexity (docs/models.md) and would move every figure measured for them.
    /// </summary>
    public const SwingDetection Unrecorded = SwingDetection.Off;

    /// <summary>The option's choices.</summary>
    public const string Choices = "auto, detect or off";

    /// <summary>Resolves the setting.</summary>
    /// <param name="option">The <c>--swing</c> value: auto (or null), detect or off.</param>
    /// <param name="model">The evaluated model.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="option"/> is none of the choices.</exception>
    public static EvalSwing Resolve(string? option, EvalModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (option is not null && !string.Equals(option, "auto", StringComparison.OrdinalIgnoreCase))
        {
            return TrackSwing.TryParse(option, out var chosen)
                ? new EvalSwing(chosen, "--swing")
                : throw new ArgumentOutOfRangeException(nameof(option), option, $"--swing must be {Choices}.");
        }

        return model.Swing is { } recorded
            ? new EvalSwing(recorded, $"auto: {model.Name} records extra.{TrackSwing.ExtraKey}")
            : new EvalSwing(Unrecorded, $"auto: {model.Name} records no extra.{TrackSwing.ExtraKey}, so it was trained on straight tokens");
    }
}
