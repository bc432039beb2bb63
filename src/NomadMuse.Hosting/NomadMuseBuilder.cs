using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NomadMuse.State;

namespace NomadMuse.Hosting;

/// <summary>
/// Chooses which NomadMuse intelligences the coordinator runs: <c>services.AddNomadMuse(b => b.AddAnalysis(o => o.Genre = "rock"))</c>.
/// </summary>
/// <remarks>
/// Extension point: each intelligence is one <c>Add…</c> method that registers its options (with a validator and
/// <c>ValidateOnStart</c>) and one internal module singleton; the coordinator factory in
/// <see cref="NomadMuseServiceCollectionExtensions.AddNomadMuse"/> picks the modules up with <c>GetService</c>.
/// <c>AddGeneration</c> and <c>AddClassification</c> follow the same pattern.
/// </remarks>
public sealed class NomadMuseBuilder
{
    internal NomadMuseBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection being configured.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Adds the background mix analysis: the coordinator's <see cref="IMuseCoordinator.OnMixAudio"/> feeds it, and it
    /// publishes band levels and ranked suggestions to the unified state every <see cref="AnalysisOptions.UpdateInterval"/>.
    /// </summary>
    /// <param name="configure">Sets the options; null for the defaults (pop, 48 kHz stereo, 1.5 s).</param>
    /// <returns>This builder.</returns>
    public NomadMuseBuilder AddAnalysis(Action<AnalysisOptions>? configure = null)
    {
        OptionsBuilder<AnalysisOptions> options = Services.AddOptions<AnalysisOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AnalysisOptions>, AnalysisOptionsValidator>());
        Services.TryAddSingleton(sp => new AnalysisModule(
            sp.GetRequiredService<UnifiedState>(),
            sp.GetRequiredService<IOptions<AnalysisOptions>>().Value,
            (ILogger?)sp.GetService<ILogger<AnalysisModule>>() ?? NullLogger.Instance));
        return this;
    }

    // Extension point: AddGeneration(Action<GenerationOptions>?) and AddClassification(Action<ClassificationOptions>?)
    // register their options, validator and module here, like AddAnalysis.
}
