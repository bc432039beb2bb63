namespace NomadMuse.Analysis.Scoring;

/// <summary>RBJ Audio-EQ-Cookbook biquads (peaking, shelves with slope 1) and a direct-form-I filter, for damage injection.</summary>
internal static class EqDesign
{
    public static BiquadCoefficients Peaking(double fs, double f0, double gainDb, double q)
    {
        double a = Math.Pow(10, gainDb / 40), w = 2 * Math.PI * f0 / fs, alpha = Math.Sin(w) / (2 * q), cos = Math.Cos(w);
        double a0 = 1 + (alpha / a);
        return new((1 + (alpha * a)) / a0, -2 * cos / a0, (1 - (alpha * a)) / a0, -2 * cos / a0, (1 - (alpha / a)) / a0);
    }

    public static BiquadCoefficients LowShelf(double fs, double f0, double gainDb)
    {
        double a = Math.Pow(10, gainDb / 40), w = 2 * Math.PI * f0 / fs, cos = Math.Cos(w), alpha = Math.Sin(w) / 2 * Math.Sqrt(2);
        double sq = 2 * Math.Sqrt(a) * alpha;
        double a0 = (a + 1) + ((a - 1) * cos) + sq;
        return new(a * ((a + 1) - ((a - 1) * cos) + sq) / a0, 2 * a * ((a - 1) - ((a + 1) * cos)) / a0, a * ((a + 1) - ((a - 1) * cos) - sq) / a0,
            -2 * ((a - 1) + ((a + 1) * cos)) / a0, ((a + 1) + ((a - 1) * cos) - sq) / a0);
    }

    public static BiquadCoefficients HighShelf(double fs, double f0, double gainDb)
    {
        double a = Math.Pow(10, gainDb / 40), w = 2 * Math.PI * f0 / fs, cos = Math.Cos(w), alpha = Math.Sin(w) / 2 * Math.Sqrt(2);
        double sq = 2 * Math.Sqrt(a) * alpha;
        double a0 = (a + 1) - ((a - 1) * cos) + sq;
        return new(a * ((a + 1) + ((a - 1) * cos) + sq) / a0, -2 * a * ((a - 1) + ((a + 1) * cos)) / a0, a * ((a + 1) + ((a - 1) * cos) - sq) / a0,
            2 * ((a - 1) - ((a + 1) * cos)) / a0, ((a + 1) - ((a - 1) * cos) - sq) / a0);
    }

    /// <summary>Filters every channel of interleaved audio in place (direct form I, double state).</summary>
    public static void Filter(Span<float> interleaved, int channels, BiquadCoefficients c)
    {
        for (int ch = 0; ch < channels; ch++)
        {
            double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
            for (int i = ch; i < interleaved.Length; i += channels)
            {
                double x = interleaved[i];
                double y = (c.B0 * x) + (c.B1 * x1) + (c.B2 * x2) - (c.A1 * y1) - (c.A2 * y2);
                x2 = x1;
                x1 = x;
                y2 = y1;
                y1 = y;
                interleaved[i] = (float)y;
            }
        }
    }
}
