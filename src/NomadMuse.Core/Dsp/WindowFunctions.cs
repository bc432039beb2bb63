namespace NomadMuse.Core.Dsp;

/// <summary>Window functions for spectral analysis and filter design, written into caller buffers.</summary>
/// <remarks>
/// The coefficients are computed in double precision and rounded once to <see cref="float"/>. These methods do not
/// allocate and may be called from any thread.
/// </remarks>
public static class WindowFunctions
{
    /// <summary>Writes a Hann (raised-cosine) window of <c>destination.Length</c> points.</summary>
    /// <param name="destination">Receives the window; its length is the window length <c>N</c>.</param>
    /// <param name="symmetry">
    /// <see cref="WindowSymmetry.Periodic"/>: <c>w[n] = 0.5 − 0.5·cos(2πn / N)</c>;
    /// <see cref="WindowSymmetry.Symmetric"/>: <c>w[n] = 0.5 − 0.5·cos(2πn / (N − 1))</c>.
    /// A one-point window is <c>[1]</c> in both forms.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="symmetry"/> is not a defined value.</exception>
    public static void Hann(Span<float> destination, WindowSymmetry symmetry)
    {
        int n = destination.Length;
        if (symmetry is not (WindowSymmetry.Periodic or WindowSymmetry.Symmetric))
        {
            throw new ArgumentOutOfRangeException(nameof(symmetry), symmetry, "Unknown window symmetry.");
        }

        if (n == 0)
        {
            return;
        }

        if (n == 1)
        {
            destination[0] = 1f;
            return;
        }

        double period = symmetry == WindowSymmetry.Periodic ? n : n - 1;
        for (int i = 0; i < n; i++)
        {
            destination[i] = (float)(0.5 - (0.5 * Math.Cos(2.0 * Math.PI * i / period)));
        }
    }

    /// <summary>The sum of the window's squared coefficients, <c>Σ w[n]²</c> (in double precision).</summary>
    /// <param name="window">The window coefficients.</param>
    /// <returns>The energy of the window; the denominator of a density-scaled power spectrum.</returns>
    /// <remarks>For a periodic Hann window of even length <c>N</c> this is exactly <c>3N / 8</c>.</remarks>
    public static double SumOfSquares(ReadOnlySpan<float> window)
    {
        double sum = 0;
        foreach (float w in window)
        {
            sum += (double)w * w;
        }

        return sum;
    }
}
