namespace NomadMuse.Core.Dsp;

/// <summary>Whether a window is built for spectral analysis (periodic) or for filter design (symmetric).</summary>
public enum WindowSymmetry
{
    /// <summary>
    /// The first <c>N</c> points of an <c>N + 1</c>-point symmetric window: <c>w[n] = 0.5 − 0.5·cos(2πn / N)</c>.
    /// The right choice for FFT analysis with overlap (it is what <c>scipy.signal.get_window('hann', N)</c> and
    /// <c>numpy</c>-based Welch estimates use), because shifted copies at 50 % overlap sum to a constant.
    /// </summary>
    Periodic = 0,

    /// <summary>
    /// Symmetric about its centre, zero at both ends: <c>w[n] = 0.5 − 0.5·cos(2πn / (N − 1))</c>
    /// (MATLAB's <c>hann(N)</c>, <c>numpy.hanning(N)</c>). The right choice for FIR filter design.
    /// </summary>
    Symmetric = 1,
}
