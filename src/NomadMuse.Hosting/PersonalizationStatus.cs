namespace NomadMuse.Hosting;

/// <summary>Where the musician's personalisation stands (<see cref="IMuseCoordinator.GetPersonalizationStatus"/>).</summary>
/// <param name="SessionCount">Sessions in the log, this one included (one is begun each time the coordinator starts).</param>
/// <param name="SequenceCount">Accepted and rejected sequences logged, in all sessions.</param>
/// <param name="Gamma">γ of the blend: the options' override, else 0.2·sigmoid(<paramref name="SessionCount"/> − 10).</param>
/// <param name="AdapterLoaded">Whether sessions blend in an adapter (false before the first retraining, or when the file did not fit the generator).</param>
public sealed record PersonalizationStatus(int SessionCount, int SequenceCount, double Gamma, bool AdapterLoaded);
