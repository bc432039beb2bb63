using System.Runtime.CompilerServices;

namespace NomadMuse.Core.Training;

/// <summary>
/// Adam with decoupled weight decay (Loshchilov &amp; Hutter), step for step the same as PyTorch
/// <c>torch.optim.AdamW</c>:
/// <code>
/// θ ← θ − lr·λ·θ                      (only when Parameter.DecayWeights)
/// m ← β₁m + (1 − β₁)g,  v ← β₂v + (1 − β₂)g²
/// θ ← θ − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
/// </code>
/// </summary>
/// <remarks>Frozen parameters are skipped entirely (values and moments unchanged). Not thread-safe: one trainer
/// owns it. Moments are stored per parameter, in the order given, and saved by <see cref="TrainingCheckpoint"/>.</remarks>
public sealed class AdamW
{
    private readonly float[][] _m;
    private readonly float[][] _v;

    /// <summary>Creates the optimizer over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The parameters it updates, in a stable order.</param>
    /// <param name="learningRate">lr; the schedule may change it between steps. PyTorch's default is 1e-3.</param>
    /// <param name="beta1">β₁ in [0, 1).</param>
    /// <param name="beta2">β₂ in [0, 1).</param>
    /// <param name="epsilon">ε &gt; 0.</param>
    /// <param name="weightDecay">λ ≥ 0; PyTorch's default is 0.01.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is out of range.</exception>
    /// <exception cref="ArgumentException">Two parameters share a name.</exception>
    public AdamW(IReadOnlyList<Parameter> parameters, float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 0.01f)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(beta1 >= 0f && beta1 < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "Must be in [0, 1).");
        }

        if (!(beta2 >= 0f && beta2 < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "Must be in [0, 1).");
        }

        if (!(epsilon > 0f))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "Must be positive.");
        }

        if (!(weightDecay >= 0f))
        {
            throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "Must be non-negative.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Parameter p in parameters)
        {
            if (!names.Add(p.Name))
            {
                throw new ArgumentException($"Parameter name '{p.Name}' appears twice.", nameof(parameters));
            }
        }

        Parameters = [.. parameters];
        LearningRate = learningRate;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
        _m = new float[Parameters.Count][];
        _v = new float[Parameters.Count][];
        for (int i = 0; i < Parameters.Count; i++)
        {
            _m[i] = new float[Parameters[i].Length];
            _v[i] = new float[Parameters[i].Length];
        }
    }

    /// <summary>The parameters, in order.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>lr for the next <see cref="Step"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative or not finite.</exception>
    public float LearningRate
    {
        get;
        set
        {
            if (!(value >= 0f) || float.IsPositiveInfinity(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The learning rate must be non-negative and finite.");
            }

            field = value;
        }
    }

    /// <summary>β₁.</summary>
    public float Beta1 { get; }

    /// <summary>β₂.</summary>
    public float Beta2 { get; }

    /// <summary>ε.</summary>
    public float Epsilon { get; }

    /// <summary>λ, the decoupled weight decay.</summary>
    public float WeightDecay { get; }

    /// <summary>Updates taken so far (t in the bias corrections).</summary>
    public long StepCount { get; internal set; }

    /// <summary>Applies one update from the accumulated gradients (it does not clear them).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Step()
    {
        StepCount++;
        double correction1 = 1 - Math.Pow(Beta1, StepCount);
        double correction2 = 1 - Math.Pow(Beta2, StepCount);
        float stepSize = (float)(LearningRate / correction1);
        float invSqrtCorrection2 = (float)(1 / Math.Sqrt(correction2));
        float decay = 1f - LearningRate * WeightDecay;
        float b1 = Beta1, b2 = Beta2, oneMinusB1 = 1f - Beta1, oneMinusB2 = 1f - Beta2, eps = Epsilon;
        for (int i = 0; i < Parameters.Count; i++)
        {
            Parameter p = Parameters[i];
            if (p.Frozen)
            {
                continue;
            }

            float[] theta = p.Value, g = p.Gradient, m = _m[i], v = _v[i];
            bool decays = p.DecayWeights && WeightDecay != 0f;
            for (int j = 0; j < theta.Length; j++)
            {
                float gj = g[j];
                float mj = b1 * m[j] + oneMinusB1 * gj;
                float vj = b2 * v[j] + oneMinusB2 * gj * gj;
                m[j] = mj;
                v[j] = vj;
                float t = decays ? theta[j] * decay : theta[j];
                theta[j] = t - stepSize * mj / (MathF.Sqrt(vj) * invSqrtCorrection2 + eps);
            }
        }
    }

    /// <summary>Clears every parameter's gradient (frozen ones too).</summary>
    public void ZeroGradients()
    {
        foreach (Parameter p in Parameters)
        {
            p.ZeroGradient();
        }
    }

    /// <summary>The first-moment estimate of parameter <paramref name="index"/> (for checkpoints and tests).</summary>
    internal float[] FirstMoment(int index) => _m[index];

    /// <summary>The second-moment estimate of parameter <paramref name="index"/>.</summary>
    internal float[] SecondMoment(int index) => _v[index];
}
