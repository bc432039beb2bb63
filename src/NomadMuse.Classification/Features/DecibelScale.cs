namespace NomadMuse.Classification.Features;

/// <summary>Power-to-decibel conversion as librosa's <c>power_to_db</c> defines it.</summary>
public static class DecibelScale
{
    /// <summary>
    /// Replaces each power <c>S</c> with <c>10·log10(max(amin, S)) − 10·log10(max(amin, ref))</c>, then, when
    /// <paramref name="topDb"/> is given, raises every value to at least <c>max − topDb</c> (the maximum over
    /// <paramref name="values"/>).
    /// </summary>
    /// <param name="values">Powers, converted in place.</param>
    /// <param name="amplitudeFloor">librosa <c>amin</c> (&gt; 0).</param>
    /// <param name="referencePower">librosa <c>ref</c> (&gt; 0).</param>
    /// <param name="topDb">librosa <c>top_db</c>, or null for no clamp.</param>
    /// <exception cref="ArgumentOutOfRangeException">The floor or the reference is not positive, or topDb is negative.</exception>
    /// <remarks>Does not allocate; any thread. The top-dB clamp is relative to this span's maximum, so applying it per
    /// real-time patch differs from applying it once to a whole clip.</remarks>
    public static void PowerToDb(Span<float> values, double amplitudeFloor, double referencePower, double? topDb)
    {
        if (!(amplitudeFloor > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(amplitudeFloor), amplitudeFloor, "amin must be positive.");
        }

        if (!(referencePower > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(referencePower), referencePower, "ref must be positive.");
        }

        if (topDb is { } t && !(t >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(topDb), topDb, "top_db must be non-negative.");
        }

        double offset = 10.0 * Math.Log10(Math.Max(amplitudeFloor, referencePower));
        float max = float.NegativeInfinity;
        for (int i = 0; i < values.Length; i++)
        {
            float db = (float)((10.0 * Math.Log10(Math.Max(amplitudeFloor, values[i]))) - offset);
            values[i] = db;
            max = Math.Max(max, db);
        }

        if (topDb is { } top && values.Length > 0)
        {
            float floor = (float)(max - top);
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = Math.Max(values[i], floor);
            }
        }
    }
}
