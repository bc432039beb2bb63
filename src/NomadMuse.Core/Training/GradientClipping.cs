namespace NomadMuse.Core.Training;

/// <summary>Global gradient-norm clipping, as PyTorch <c>clip_grad_norm_</c> (L2 over all non-frozen gradients).</summary>
/// <remarks>Allocation-free; not thread-safe with respect to the parameters.</remarks>
public static class GradientClipping
{
    /// <summary>√(Σ g²) over every non-frozen parameter's gradient, accumulated in double.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <returns>The global L2 norm.</returns>
    public static float GlobalNorm(IReadOnlyList<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        double sum = 0;
        foreach (Parameter p in parameters)
        {
            if (p.Frozen)
            {
                continue;
            }

            foreach (float g in p.Gradient)
            {
                sum += (double)g * g;
            }
        }

        return (float)Math.Sqrt(sum);
    }

    /// <summary>
    /// Scales every non-frozen gradient by maxNorm/(norm + 1e-6) when that is below 1, so the global norm becomes
    /// (just under) <paramref name="maxNorm"/>.
    /// </summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="maxNorm">The largest allowed norm, &gt; 0.</param>
    /// <returns>The norm before clipping (log it: spikes reveal instability).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNorm"/> is not positive.</exception>
    public static float ClipGlobalNorm(IReadOnlyList<Parameter> parameters, float maxNorm)
    {
        if (!(maxNorm > 0f))
        {
            throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "Must be positive.");
        }

        float norm = GlobalNorm(parameters);
        float scale = maxNorm / (norm + 1e-6f);
        if (scale < 1f)
        {
            foreach (Parameter p in parameters)
            {
                if (!p.Frozen)
                {
                    System.Numerics.Tensors.TensorPrimitives.Multiply(p.Gradient, scale, p.Gradient);
                }
            }
        }

        return norm;
    }
}
