namespace NomadMuse.Generation.Tokens;

/// <summary>
/// Eighth-note swing as a piecewise-linear warp of each beat: the swung off-beat at <c>ratio</c> maps to 0.5.
/// </summary>
internal static class SwingGrid
{
    /// <summary>Swung time to straight time.</summary>
    public static double Straighten(double beats, double ratio)
    {
        if (ratio == 0.5)
        {
            return beats;
        }

        double whole = Math.Floor(beats);
        double f = beats - whole;
        return whole + (f <= ratio ? f * 0.5 / ratio : 0.5 + ((f - ratio) * 0.5 / (1 - ratio)));
    }

    /// <summary>Straight time to swung time (the inverse of <see cref="Straighten"/>).</summary>
    public static double Swing(double beats, double ratio)
    {
        if (ratio == 0.5)
        {
            return beats;
        }

        double whole = Math.Floor(beats);
        double f = beats - whole;
        return whole + (f <= 0.5 ? f * ratio / 0.5 : ratio + ((f - 0.5) * (1 - ratio) / 0.5));
    }
}
