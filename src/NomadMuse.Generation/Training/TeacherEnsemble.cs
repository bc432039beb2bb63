using NomadMuse.Core.Training;
using NomadMuse.Generation.Model;

namespace NomadMuse.Generation.Training;

/// <summary>
/// A frozen weighted mixture of generators, usable wherever one teacher is: the fusion target of seed §3.2.6,
/// <c>P_fusion = α·P_base + β·P_student + γ·P_personal</c>, with the weights normalised to sum to 1.
/// </summary>
/// <remarks>
/// <para>The mixture is taken over the members' tempered distributions softmax(zᵢ/T). <see cref="Forward"/> writes
/// <c>T·log P_mix</c>, which are logits whose softmax at the same T is exactly the mixture, so
/// <see cref="DistillationLossStep"/> and <see cref="DistillationLoss"/> use an ensemble unchanged. The log-mixture is
/// summed in log space (log-sum-exp over the members), so a token one member rules out does not underflow to −∞ while
/// another member gives it mass.</para>
/// <para>Members run their inference-mode forward (no dropout) whatever the <c>training</c> argument says; the ensemble
/// has no parameters and cannot be trained (<see cref="Backward"/> throws).</para>
/// </remarks>
public sealed class TeacherEnsemble : ISequenceModel
{
    private const int V = GeneratorConfig.Vocabulary;
    private readonly ISequenceModel[] _members;
    private readonly double[] _logWeights;
    private float[] _memberLogits = [];
    private double[] _accumulated = [];

    /// <summary>Creates the mixture.</summary>
    /// <param name="members">The frozen generators, each with its weight (≥ 0; at least one &gt; 0).</param>
    /// <param name="temperature">T &gt; 0, the temperature of the members' softmax (use the distillation's T).</param>
    /// <exception cref="ArgumentException">There are no members, a member repeats, or no weight is positive.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A weight is negative or not finite, or T is not positive and finite.</exception>
    public TeacherEnsemble(IReadOnlyList<(ISequenceModel Model, double Weight)> members, float temperature = 1f)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count == 0)
        {
            throw new ArgumentException("A teacher ensemble needs at least one member.", nameof(members));
        }

        if (!(temperature > 0f) || float.IsPositiveInfinity(temperature))
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "Must be positive and finite.");
        }

        double total = 0;
        for (int i = 0; i < members.Count; i++)
        {
            var (model, weight) = members[i];
            ArgumentNullException.ThrowIfNull(model, nameof(members));
            if (!(weight >= 0) || double.IsPositiveInfinity(weight))
            {
                throw new ArgumentOutOfRangeException(nameof(members), weight, $"The weight of member {i} must be non-negative and finite.");
            }

            for (int j = 0; j < i; j++)
            {
                if (ReferenceEquals(members[j].Model, model))
                {
                    throw new ArgumentException($"Member {i} is the same model as member {j}; give it one combined weight.", nameof(members));
                }
            }

            total += weight;
        }

        if (!(total > 0))
        {
            throw new ArgumentException("At least one member weight must be positive.", nameof(members));
        }

        // Zero-weight members are dropped: they would cost a forward pass and contribute log 0 = −∞.
        var kept = members.Where(m => m.Weight > 0).ToArray();
        _members = kept.Select(m => m.Model).ToArray();
        _logWeights = kept.Select(m => Math.Log(m.Weight / total)).ToArray();
        Weights = kept.Select(m => m.Weight / total).ToArray();
        Temperature = temperature;
    }

    /// <summary>The normalised weights of the members that take part (those with a positive weight), in order.</summary>
    public IReadOnlyList<double> Weights { get; }

    /// <summary>T.</summary>
    public float Temperature { get; }

    /// <summary>None: the ensemble is frozen.</summary>
    public IReadOnlyList<Parameter> Parameters { get; } = [];

    /// <summary>Writes <c>T·log Σᵢ wᵢ·softmax(zᵢ/T)</c> for every row of the batch.</summary>
    /// <param name="tokens">Time-major input tokens [T × B].</param>
    /// <param name="steps">T.</param>
    /// <param name="batch">B.</param>
    /// <param name="instruments">[B] instrument classes.</param>
    /// <param name="trackTypes">[B] track types.</param>
    /// <param name="logits">Receives the mixture logits [T × B × vocabulary].</param>
    /// <param name="training">Ignored: the members always run as at inference.</param>
    public void Forward(ReadOnlySpan<int> tokens, int steps, int batch, ReadOnlySpan<int> instruments, ReadOnlySpan<int> trackTypes,
        Span<float> logits, bool training = true)
    {
        int rows = steps * batch, n = rows * V;
        if (logits.Length != n)
        {
            throw new ArgumentException($"Teacher ensemble: logits must hold {steps}×{batch}×{V} values, got {logits.Length}.", nameof(logits));
        }

        if (_members.Length == 1)
        {
            // One member: its tempered softmax is the mixture, so its own logits serve (the shift by T·log-sum-exp is
            // irrelevant to any softmax at T).
            _members[0].Forward(tokens, steps, batch, instruments, trackTypes, logits, training: false);
            return;
        }

        TrainingBuffers.Ensure(ref _memberLogits, n);
        if (_accumulated.Length < n)
        {
            _accumulated = new double[n];
        }

        float inverse = 1f / Temperature;
        for (int m = 0; m < _members.Length; m++)
        {
            Span<float> z = _memberLogits.AsSpan(0, n);
            _members[m].Forward(tokens, steps, batch, instruments, trackTypes, z, training: false);
            for (int r = 0; r < rows; r++)
            {
                ReadOnlySpan<float> row = z.Slice(r * V, V);
                (float max, double logSum) = TemperedLogSumExp(row, inverse);
                double offset = _logWeights[m] - logSum;
                Span<double> acc = _accumulated.AsSpan(r * V, V);
                for (int c = 0; c < V; c++)
                {
                    double term = ((row[c] - max) * inverse) + offset;
                    acc[c] = m == 0 ? term : LogAdd(acc[c], term);
                }
            }
        }

        for (int i = 0; i < n; i++)
        {
            logits[i] = (float)(Temperature * _accumulated[i]);
        }
    }

    /// <summary>Not supported: the ensemble is a frozen teacher.</summary>
    /// <param name="gradLogits">Unused.</param>
    /// <exception cref="InvalidOperationException">Always.</exception>
    public void Backward(ReadOnlySpan<float> gradLogits) =>
        throw new InvalidOperationException("A teacher ensemble is frozen and has no gradient.");

    /// <summary>The row's maximum and <c>log Σ exp((z − max)/T)</c>.</summary>
    private static (float Max, double LogSum) TemperedLogSumExp(ReadOnlySpan<float> z, float inverseTemperature)
    {
        float max = System.Numerics.Tensors.TensorPrimitives.Max(z);
        double sum = 0;
        foreach (float x in z)
        {
            sum += Math.Exp((x - max) * inverseTemperature);
        }

        return (max, Math.Log(sum));
    }

    private static double LogAdd(double a, double b)
    {
        double max = Math.Max(a, b);
        return double.IsNegativeInfinity(max) ? max : max + Math.Log(Math.Exp(a - max) + Math.Exp(b - max));
    }
}
