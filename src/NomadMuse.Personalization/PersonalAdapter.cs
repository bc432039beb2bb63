using System.Numerics.Tensors;
using NomadMuse.Core.Training;
using NomadMuse.Generation.Model;

namespace NomadMuse.Personalization;

/// <summary>
/// The personal adapter of seed §3.2.6: a LoRA-style low-rank correction of a frozen <see cref="GeneratorModel"/>'s
/// output head, <c>Δ(h) = B·(A·h) + c</c>, where <c>h</c> is GRU3's output (the head's input), <c>A</c> is
/// <c>[rank × H]</c>, <c>B</c> is <c>[258 × rank]</c> and <c>c</c> a 258-wide bias. The personal distribution is
/// <c>P_personal = softmax(logits_base + Δ)</c>.
/// </summary>
/// <remarks>
/// <para>
/// Why the head: every hidden state the frozen model computes is left as it is, so a step costs one base step plus two
/// small products (rank·H + 258·rank multiply-adds), and training needs the frozen model's forward pass only once per
/// logged sequence (its features are cached; no back-propagation through the GRUs). The bias <c>c</c> carries
/// context-free preferences (register, favourite pitches, note lengths), the low-rank product context-dependent ones.
/// Size: rank·(H + 258) + 258 — 5,794 parameters for the student (H = 88) and 6,114 for the fusion model (H = 108) at
/// the default rank 16, far under the seed's 50k.
/// </para>
/// <para>
/// Start: <c>B = 0</c>, <c>c = 0</c> (so a fresh adapter is exactly the frozen model, LoRA's convention), <c>A</c>
/// uniform in ±1/√H. The seed's cold start ("from Student weights with 5% Gaussian noise") describes a full copy of
/// the student; with a low-rank delta the zero start plays that role.
/// </para>
/// <para>
/// Threads: the weights are read-only outside training; any number of streams may call <see cref="Apply"/> at once,
/// each with its own scratch.
/// </para>
/// </remarks>
public sealed partial class PersonalAdapter : ITrainable
{
    /// <summary>The default rank.</summary>
    public const int DefaultRank = 16;

    /// <summary>
    /// The share of the seed's fusion mixture that stays with the frozen model: α + β = 0.5 + 0.3 (on the device the
    /// base and the student are the same frozen network).
    /// </summary>
    public const double FrozenShare = 0.8;

    private float[] _u = [], _hidden = [];
    private int _rows;

    /// <summary>Creates an adapter for a model whose GRUs are <paramref name="hiddenSize"/> wide.</summary>
    /// <param name="hiddenSize">H of the frozen model.</param>
    /// <param name="rank">The rank of the correction, 1–64.</param>
    /// <param name="random">Initialises A.</param>
    /// <exception cref="ArgumentOutOfRangeException">H is outside 1–4096 or the rank outside 1–64.</exception>
    public PersonalAdapter(int hiddenSize, int rank, TrainingRandom random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hiddenSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(hiddenSize, 4096);
        ArgumentOutOfRangeException.ThrowIfLessThan(rank, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rank, 64);
        ArgumentNullException.ThrowIfNull(random);
        HiddenSize = hiddenSize;
        Rank = rank;
        Down = new Parameter("adapter.down", rank, hiddenSize);
        Up = new Parameter("adapter.up", GeneratorConfig.Vocabulary, rank);
        Bias = new Parameter("adapter.bias", GeneratorConfig.Vocabulary) { DecayWeights = false };
        Parameters = [Down, Up, Bias];
        WeightInit.Uniform(Down, 1f / MathF.Sqrt(hiddenSize), random);
    }

    /// <summary>H of the frozen model this adapter fits.</summary>
    public int HiddenSize { get; }

    /// <summary>The rank of the correction.</summary>
    public int Rank { get; }

    /// <summary>A, <c>[rank × H]</c>.</summary>
    public Parameter Down { get; }

    /// <summary>B, <c>[258 × rank]</c>.</summary>
    public Parameter Up { get; }

    /// <summary>c, <c>[258]</c>.</summary>
    public Parameter Bias { get; }

    /// <summary>A, B, c in file and optimizer order.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Trainable floats: rank·(H + 258) + 258.</summary>
    public int ParameterCount => Down.Length + Up.Length + Bias.Length;

    /// <summary>The scratch <see cref="Apply"/> needs per stream: rank + 258 floats.</summary>
    public int ScratchLength => Rank + GeneratorConfig.Vocabulary;

    /// <summary>The personal distribution's weight in the blend for a given γ: γ / (0.8 + γ).</summary>
    /// <remarks>
    /// The seed blends 0.5·P_base + 0.3·P_student + γ·P_personal; those weights sum to 0.8 + γ, so the mixture is
    /// normalised here. γ = 0.2 (many sessions) gives the adapter a fifth of the probability mass.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">γ is negative or not finite.</exception>
    public static double PersonalShare(double gamma)
    {
        if (!(gamma >= 0 && double.IsFinite(gamma)))
        {
            throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "γ must be a finite number ≥ 0.");
        }

        return gamma / (FrozenShare + gamma);
    }

    /// <summary>Computes Δ for one hidden state.</summary>
    /// <param name="hidden">H floats (GRU3's output).</param>
    /// <param name="delta">258 floats, written.</param>
    /// <param name="scratch">At least <see cref="Rank"/> floats.</param>
    public void Delta(ReadOnlySpan<float> hidden, Span<float> delta, Span<float> scratch)
    {
        if (hidden.Length != HiddenSize || delta.Length != GeneratorConfig.Vocabulary || scratch.Length < Rank)
        {
            throw new ArgumentException($"Adapter delta: expected {HiddenSize} hidden values, 258 outputs and {Rank} scratch floats; got {hidden.Length}, {delta.Length}, {scratch.Length}.", nameof(hidden));
        }

        Span<float> u = scratch[..Rank];
        AdapterMath.MatVec(Down.Value, [], hidden, u);
        AdapterMath.MatVec(Up.Value, Bias.Value, u, delta);
    }

    /// <summary>
    /// Turns the logits a frozen model's <see cref="GeneratorModel.Step"/> just wrote into the personalised blend
    /// <c>log((1 − s)·softmax(logits) + s·softmax(logits + Δ))</c> with <c>s = </c><see cref="PersonalShare"/>(γ).
    /// </summary>
    /// <param name="state">The stream's state, right after the step that wrote <paramref name="logits"/>.</param>
    /// <param name="logits">258 logits, overwritten with the blend's log-probabilities (a valid logit vector).</param>
    /// <param name="gamma">The seed's γ, e.g. <see cref="AdapterWeighting.Gamma"/> of the log's session count; 0 leaves the logits untouched.</param>
    /// <param name="scratch">This stream's <see cref="ScratchLength"/> floats.</param>
    /// <remarks>Real-time path: allocates nothing, takes no lock.</remarks>
    /// <exception cref="ArgumentException">A span is too short or the state's model has another hidden width.</exception>
    public void Apply(GeneratorState state, Span<float> logits, double gamma, Span<float> scratch) =>
        ApplyShare(state, logits, PersonalShare(gamma), scratch);

    /// <summary>
    /// As <see cref="Apply"/> with the personal share <paramref name="share"/> given directly (1 = the adapter's
    /// distribution alone, as evaluations use it).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The share is outside [0, 1].</exception>
    public void ApplyShare(GeneratorState state, Span<float> logits, double share, Span<float> scratch)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!(share >= 0 && share <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(share), share, "The personal share must be in [0, 1].");
        }

        if (state.Config.HiddenSize != HiddenSize || logits.Length != GeneratorConfig.Vocabulary || scratch.Length < ScratchLength)
        {
            throw new ArgumentException($"Adapter for H = {HiddenSize}: the state has H = {state.Config.HiddenSize}; logits must hold 258 floats ({logits.Length}) and scratch {ScratchLength} ({scratch.Length}).", nameof(state));
        }

        if (share == 0)
        {
            return;
        }

        Span<float> delta = scratch.Slice(Rank, GeneratorConfig.Vocabulary);
        Delta(GeneratorModel.TopHidden(state), delta, scratch[..Rank]);
        if (share == 1)
        {
            TensorPrimitives.Add(logits, delta, logits);
            return;
        }

        Blend(logits, delta, share);
    }

    /// <summary>logits ← log((1 − s)·softmax(z) + s·softmax(z + Δ)), each term in log space so nothing overflows.</summary>
    private static void Blend(Span<float> logits, Span<float> delta, double share)
    {
        double baseMax = double.NegativeInfinity, personalMax = double.NegativeInfinity;
        for (int i = 0; i < logits.Length; i++)
        {
            delta[i] += logits[i];
            baseMax = Math.Max(baseMax, logits[i]);
            personalMax = Math.Max(personalMax, delta[i]);
        }

        double baseSum = 0, personalSum = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            baseSum += Math.Exp(logits[i] - baseMax);
            personalSum += Math.Exp(delta[i] - personalMax);
        }

        double baseShift = Math.Log(1 - share) - baseMax - Math.Log(baseSum);
        double personalShift = Math.Log(share) - personalMax - Math.Log(personalSum);
        for (int i = 0; i < logits.Length; i++)
        {
            double a = logits[i] + baseShift, b = delta[i] + personalShift;
            double hi = Math.Max(a, b);
            logits[i] = (float)(hi + Math.Log(1 + Math.Exp(-Math.Abs(a - b))));
        }
    }

    /// <summary>Training forward: Δ for <c>rows</c> hidden states; caches them for <see cref="Backward"/>.</summary>
    /// <param name="hidden"><c>[rows × H]</c>.</param>
    /// <param name="delta"><c>[rows × 258]</c>, written.</param>
    public void Forward(ReadOnlySpan<float> hidden, Span<float> delta)
    {
        int rows = hidden.Length / HiddenSize;
        if (hidden.Length % HiddenSize != 0 || delta.Length != rows * GeneratorConfig.Vocabulary || rows == 0)
        {
            throw new ArgumentException($"Adapter forward: {hidden.Length} hidden values are not whole rows of {HiddenSize}, or the delta does not hold 258 per row.", nameof(hidden));
        }

        _rows = rows;
        hidden.CopyTo(AdapterMath.Ensure(ref _hidden, hidden.Length));
        // The second half holds dL/du in Backward, so Backward never reallocates (and loses) u.
        Span<float> u = AdapterMath.Ensure(ref _u, 2 * rows * Rank).AsSpan(0, rows * Rank);
        AdapterMath.MatMulRows(Down.Value, [], hidden, rows, u);
        AdapterMath.MatMulRows(Up.Value, Bias.Value, u, rows, delta);
    }

    /// <summary>Adds dL/dA, dL/dB, dL/dc for dL/dΔ of the last <see cref="Forward"/> into the gradients.</summary>
    public void Backward(ReadOnlySpan<float> gradDelta)
    {
        if (_rows == 0 || gradDelta.Length != _rows * GeneratorConfig.Vocabulary)
        {
            throw new ArgumentException($"Adapter backward: expected {_rows}×258 gradients after a forward pass, got {gradDelta.Length}.", nameof(gradDelta));
        }

        ReadOnlySpan<float> u = _u.AsSpan(0, _rows * Rank);
        AdapterMath.OuterAddRows(gradDelta, u, _rows, Up.Gradient);
        AdapterMath.SumRowsAdd(gradDelta, _rows, Bias.Gradient);
        Span<float> gu = _u.AsSpan(_rows * Rank, _rows * Rank);
        gu.Clear();
        AdapterMath.MatTransposeAddRows(Up.Value, gradDelta, _rows, gu);
        AdapterMath.OuterAddRows(gu, _hidden.AsSpan(0, _rows * HiddenSize), _rows, Down.Gradient);
    }
}
