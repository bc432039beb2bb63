namespace NomadMuse.Generation.Runtime.Sampling;

/// <summary>
/// The seed §7 adaptive temperature: <c>T = T_base · (1 + 0.3 · (v − v̄) / σ_v)</c>, louder playing giving more
/// varied output.
/// </summary>
/// <remarks>Pure functions: any thread, allocation-free.</remarks>
public static class AdaptiveTemperature
{
    /// <summary>The slope 0.3 of the seed's formula.</summary>
    public const double Slope = 0.3;

    /// <summary>The smallest factor applied to the base temperature (0.7).</summary>
    public const double MinFactor = 0.7;

    /// <summary>The largest factor applied to the base temperature (1.3).</summary>
    public const double MaxFactor = 1.3;

    /// <summary>The adapted temperature.</summary>
    /// <param name="baseTemperature">T_base.</param>
    /// <param name="velocity">v, the most recent velocity.</param>
    /// <param name="meanVelocity">v̄, the running mean.</param>
    /// <param name="standardDeviation">σ_v; when it is not positive (fewer than two distinct velocities) the base is returned.</param>
    /// <returns>
    /// <c>T_base · clamp(1 + 0.3·(v − v̄)/σ_v, 0.7, 1.3)</c>. The clamp applies to the factor, so with the seed's
    /// T_base = 1 the result is the seed's 0.7–1.3 range, and a host's lower or higher base stays respected.
    /// </returns>
    public static double Compute(double baseTemperature, double velocity, double meanVelocity, double standardDeviation)
    {
        if (!(standardDeviation > 1e-9) || !double.IsFinite(velocity) || !double.IsFinite(meanVelocity))
        {
            return baseTemperature;
        }

        double factor = 1 + (Slope * (velocity - meanVelocity) / standardDeviation);
        return baseTemperature * Math.Clamp(factor, MinFactor, MaxFactor);
    }
}
