namespace NomadMuse.Hosting;

/// <summary>What <see cref="IMuseCoordinator.RetrainAdapterAsync"/> trained, wrote and swapped in.</summary>
/// <param name="AdapterPath">The adapter file written (full path).</param>
/// <param name="AcceptedTokens">Predictions learned from accepted material.</param>
/// <param name="RejectedTokens">Predictions learned from rejected material.</param>
/// <param name="Steps">Optimizer steps taken.</param>
/// <param name="LastLoss">The training loss of the last step.</param>
/// <param name="Gamma">γ the new adapter is blended in with.</param>
public sealed record AdapterRetrainResult(string AdapterPath, int AcceptedTokens, int RejectedTokens, long Steps, float LastLoss, double Gamma);
