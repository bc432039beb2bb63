namespace NomadMuse.Core.Training;

/// <summary>Seeded weight initialisers (Xavier/Glorot, Kaiming/He, uniform, normal).</summary>
/// <remarks>
/// Fan-in and fan-out are read from the shape as PyTorch does: for [outputs, inputs, k…] fan-in is
/// inputs·∏k and fan-out outputs·∏k; a 1-D parameter has fan-in = fan-out = its length.
/// </remarks>
public static class WeightInit
{
    /// <summary>Uniform in [−bound, bound].</summary>
    /// <param name="parameter">The tensor to fill.</param>
    /// <param name="bound">Half-width, not negative.</param>
    /// <param name="random">The seeded source.</param>
    /// <exception cref="ArgumentOutOfRangeException">The bound is negative.</exception>
    public static void Uniform(Parameter parameter, float bound, TrainingRandom random)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegative(bound);
        float[] v = parameter.Value;
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = (2f * random.NextSingle() - 1f) * bound;
        }
    }

    /// <summary>Normal with mean 0 and the given standard deviation.</summary>
    /// <param name="parameter">The tensor to fill.</param>
    /// <param name="std">Standard deviation, not negative.</param>
    /// <param name="random">The seeded source.</param>
    /// <exception cref="ArgumentOutOfRangeException">The deviation is negative.</exception>
    public static void Normal(Parameter parameter, float std, TrainingRandom random)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegative(std);
        float[] v = parameter.Value;
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = random.NextGaussian() * std;
        }
    }

    /// <summary>Xavier/Glorot uniform: bound = gain·√(6 / (fanIn + fanOut)); suits tanh and sigmoid layers.</summary>
    /// <param name="parameter">The tensor to fill.</param>
    /// <param name="random">The seeded source.</param>
    /// <param name="gain">Scale (1 for linear/sigmoid, 5/3 for tanh).</param>
    public static void XavierUniform(Parameter parameter, TrainingRandom random, float gain = 1f)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        (int fanIn, int fanOut) = Fans(parameter);
        Uniform(parameter, gain * MathF.Sqrt(6f / (fanIn + fanOut)), random);
    }

    /// <summary>Kaiming/He uniform for ReLU: bound = √(6 / fanIn).</summary>
    /// <param name="parameter">The tensor to fill.</param>
    /// <param name="random">The seeded source.</param>
    public static void KaimingUniform(Parameter parameter, TrainingRandom random)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        (int fanIn, _) = Fans(parameter);
        Uniform(parameter, MathF.Sqrt(6f / fanIn), random);
    }

    /// <summary>Fills with a constant (e.g. 1 for a LayerNorm gain).</summary>
    /// <param name="parameter">The tensor to fill.</param>
    /// <param name="value">The value.</param>
    public static void Constant(Parameter parameter, float value)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        Array.Fill(parameter.Value, value);
    }

    private static (int FanIn, int FanOut) Fans(Parameter parameter)
    {
        IReadOnlyList<int> shape = parameter.Shape;
        if (shape.Count < 2)
        {
            return (parameter.Length, parameter.Length);
        }

        int receptive = 1;
        for (int i = 2; i < shape.Count; i++)
        {
            receptive *= shape[i];
        }

        return (shape[1] * receptive, shape[0] * receptive);
    }
}
