namespace NomadMuse.Core.Kernels;

/// <summary>Argument checks shared by the kernels; the throwing code stays out of the hot methods.</summary>
internal static class KernelGuard
{
    public static void Dimension(int value, string paramName)
    {
        if (value < 0)
        {
            ThrowDimension(value, paramName);
        }
    }

    // No message argument: an interpolated string would be built (and allocated) on every call.
    public static void Length(int actual, long required, string paramName)
    {
        if (actual < required)
        {
            ThrowLength(actual, required, paramName);
        }
    }

    public static void OptionalLength(int actual, long required, string paramName)
    {
        if (actual != 0 && actual < required)
        {
            ThrowOptionalLength(actual, required, paramName);
        }
    }

    public static void Parallelism(int degreeOfParallelism)
    {
        if (degreeOfParallelism < 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(degreeOfParallelism), degreeOfParallelism, "The degree of parallelism must be at least 1 (1 = the calling thread only).");
        }
    }

    public static void NoOverlap<T>(ReadOnlySpan<T> input, Span<T> output, string inputName, string outputName)
    {
        if (input.Overlaps(output))
        {
            throw new ArgumentException($"'{outputName}' must not overlap '{inputName}': the kernel reads inputs after writing outputs.", outputName);
        }
    }

    private static void ThrowDimension(int value, string paramName) =>
        throw new ArgumentOutOfRangeException(paramName, value, "A matrix dimension must not be negative.");

    private static void ThrowLength(int actual, long required, string paramName) =>
        throw new ArgumentException($"'{paramName}' holds {actual} elements but the given dimensions need at least {required}.", paramName);

    private static void ThrowOptionalLength(int actual, long required, string paramName) =>
        throw new ArgumentException($"'{paramName}' holds {actual} elements: pass an empty span for none, or at least {required}.", paramName);
}
