namespace NomadMuse.Core.Neural.Conv;

/// <summary>Argument checks shared by the convolution layers; throw helpers stay out of the hot methods.</summary>
internal static class ShapeChecks
{
    /// <summary>Throws when a buffer holds fewer than <paramref name="needed"/> elements.</summary>
    public static void Length(int actual, long needed, string paramName, string layer)
    {
        if (actual < needed)
        {
            ThrowLength(actual, needed, paramName, layer);
        }
    }

    /// <summary>Throws when a buffer does not hold exactly <paramref name="needed"/> elements.</summary>
    public static void ExactLength(int actual, long needed, string paramName, string layer)
    {
        if (actual != needed)
        {
            ThrowExactLength(actual, needed, paramName, layer);
        }
    }

    /// <summary>Throws when a dimension is not positive.</summary>
    public static void Positive(int value, string paramName)
    {
        if (value <= 0)
        {
            ThrowPositive(value, paramName);
        }
    }

    /// <summary>Throws when Backward is called before a training Forward cached its inputs.</summary>
    public static void ForwardDone(bool done, string layer)
    {
        if (!done)
        {
            ThrowNoForward(layer);
        }
    }

    private static void ThrowLength(int actual, long needed, string paramName, string layer) =>
        throw new ArgumentException($"{layer}: '{paramName}' holds {actual} elements but {needed} are needed.", paramName);

    private static void ThrowExactLength(int actual, long needed, string paramName, string layer) =>
        throw new ArgumentException($"{layer}: '{paramName}' holds {actual} elements but must hold exactly {needed}.", paramName);

    private static void ThrowPositive(int value, string paramName) =>
        throw new ArgumentOutOfRangeException(paramName, value, "The dimension must be positive.");

    private static void ThrowNoForward(string layer) =>
        throw new InvalidOperationException($"{layer}: Backward was called without a preceding training Forward.");
}
