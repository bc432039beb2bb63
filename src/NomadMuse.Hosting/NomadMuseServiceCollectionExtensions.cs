using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NomadMuse.State;

namespace NomadMuse.Hosting;

/// <summary>Registers NomadMuse with a service collection.</summary>
public static class NomadMuseServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="UnifiedState"/> (singleton) and the <see cref="IMuseCoordinator"/> (singleton,
    /// disposed with the container), then lets <paramref name="configure"/> add intelligences.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Adds intelligences, e.g. <c>b =&gt; b.AddAnalysis(o =&gt; o.Genre = "rock")</c>; null for state only.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <remarks>Options are validated when the coordinator is first resolved (or at host start through <c>ValidateOnStart</c>);
    /// a bad value throws <see cref="Microsoft.Extensions.Options.OptionsValidationException"/> listing every problem.</remarks>
    public static IServiceCollection AddNomadMuse(this IServiceCollection services, Action<NomadMuseBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions();
        services.TryAddSingleton<UnifiedState>();
        services.TryAddSingleton<IMuseCoordinator>(sp => new MuseCoordinator(
            sp.GetRequiredService<UnifiedState>(),
            sp.GetService<AnalysisModule>(),
            sp.GetService<GenerationModule>(),
            sp.GetService<ClassificationModule>(),
            sp.GetService<PersonalizationModule>(),
            (ILogger?)sp.GetService<ILogger<MuseCoordinator>>() ?? NullLogger<MuseCoordinator>.Instance));
        configure?.Invoke(new NomadMuseBuilder(services));
        return services;
    }
}
