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
/// <c>AddGeneration</c>, <c>AddClassification</c> and <c>AddPersonalization</c> follow the same pattern; a new intelligence adds its method here,
/// its module parameter to <c>MuseCoordinator</c> and its calls to <see cref="IMuseCoordinator"/>.
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

    /// <summary>
    /// Adds generation: <see cref="IMuseCoordinator.RequestNextBar"/> and <see cref="IMuseCoordinator.SuggestNextBar"/>
    /// continue a track with one session per track that follows the unified state (track type, key).
    /// </summary>
    /// <param name="configure">Sets the options; null for the defaults (embedded model, INT8, T = 1, top-p 0.95).</param>
    /// <returns>This builder.</returns>
    public NomadMuseBuilder AddGeneration(Action<GenerationModuleOptions>? configure = null)
    {
        OptionsBuilder<GenerationModuleOptions> options = Services.AddOptions<GenerationModuleOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GenerationModuleOptions>, GenerationModuleOptionsValidator>());
        Services.TryAddSingleton(sp => new GenerationModule(
            sp.GetRequiredService<UnifiedState>(),
            sp.GetRequiredService<IOptions<GenerationModuleOptions>>().Value,
            sp.GetService<SwappableAdapterAdjustment>(),
            (ILogger?)sp.GetService<ILogger<GenerationModule>>() ?? NullLogger.Instance));
        return this;
    }

    /// <summary>
    /// Adds track classification: <see cref="IMuseCoordinator.OnTrackAudio"/> feeds each track's audio to a background
    /// thread that decides instrument, track type and confidence every <see cref="ClassificationModuleOptions.DecisionWindow"/>
    /// and writes them to the unified state, where generation's Auto mode follows the type.
    /// </summary>
    /// <param name="configure">Sets the options; null for the defaults (embedded model, INT8, 200 ms, threshold 0.75).</param>
    /// <returns>This builder.</returns>
    public NomadMuseBuilder AddClassification(Action<ClassificationModuleOptions>? configure = null)
    {
        OptionsBuilder<ClassificationModuleOptions> options = Services.AddOptions<ClassificationModuleOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClassificationModuleOptions>, ClassificationModuleOptionsValidator>());
        Services.TryAddSingleton(sp => new ClassificationModule(
            sp.GetRequiredService<UnifiedState>(),
            sp.GetRequiredService<IOptions<ClassificationModuleOptions>>().Value,
            (ILogger?)sp.GetService<ILogger<ClassificationModule>>() ?? NullLogger.Instance));
        return this;
    }

    /// <summary>
    /// Adds personalisation of the generator (needs <see cref="AddGeneration"/> too): at start-up the coordinator opens
    /// the encrypted session log and begins a session, loads the personal adapter when its file exists, and blends it
    /// into every track's generation with γ from the log's session count. <see cref="IMuseCoordinator.RecordOutcome"/>
    /// logs the musician's verdicts, <see cref="IMuseCoordinator.RetrainAdapterAsync"/> retrains the adapter from them.
    /// </summary>
    /// <param name="configure">Sets the options; <see cref="PersonalizationOptions.SessionLogPath"/>,
    /// <see cref="PersonalizationOptions.Key"/> and <see cref="PersonalizationOptions.AdapterPath"/> are required.</param>
    /// <returns>This builder.</returns>
    /// <remarks>
    /// Resolving the coordinator throws an <see cref="InvalidOperationException"/> when generation was not added, and
    /// the log's own exceptions when it cannot be read with the key (a wrong key is never taken for an empty log). An
    /// adapter file trained on another generator, or damaged, is logged as a warning and not used.
    /// </remarks>
    public NomadMuseBuilder AddPersonalization(Action<PersonalizationOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        OptionsBuilder<PersonalizationOptions> options = Services.AddOptions<PersonalizationOptions>().Configure(configure);
        options.ValidateOnStart();
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PersonalizationOptions>, PersonalizationOptionsValidator>());
        Services.TryAddSingleton<SwappableAdapterAdjustment>();
        Services.TryAddSingleton(sp => new PersonalizationModule(
            sp.GetRequiredService<UnifiedState>(),
            sp.GetService<GenerationModule>() ?? throw new InvalidOperationException(
                "NomadMuse personalization adapts the generator: call AddGeneration() as well as AddPersonalization(...) inside AddNomadMuse(...)."),
            sp.GetRequiredService<SwappableAdapterAdjustment>(),
            sp.GetRequiredService<IOptions<PersonalizationOptions>>().Value,
            (ILogger?)sp.GetService<ILogger<PersonalizationModule>>() ?? NullLogger.Instance));
        return this;
    }
}
