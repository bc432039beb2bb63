using NomadMuse.Core.Training;
using NomadMuse.Generation.Model;

namespace NomadMuse.Personalization;

/// <summary>
/// P_personal of seed §3.2.6 as a frozen teacher: the adapter's base generator with the adapter's correction added to
/// its logits (<c>z + Δ</c>), for the fusion's <c>γ·P_personal</c> member of a
/// <see cref="NomadMuse.Generation.Training.TeacherEnsemble"/>.
/// </summary>
/// <remarks>
/// Runs the frozen generator's batch forward (no dropout) and the adapter over its top hidden states; neither is
/// trained, so <see cref="Backward"/> throws and <see cref="Parameters"/> is empty.
/// </remarks>
public sealed class PersonalizedTeacher : ISequenceModel
{
    private readonly GeneratorModel _frozen;
    private readonly PersonalAdapter _adapter;
    private float[] _delta = [];

    /// <summary>Pairs a generator with the adapter trained on it.</summary>
    /// <param name="frozen">The adapter's base generator.</param>
    /// <param name="adapter">The personal adapter (its hidden width must match the generator's).</param>
    /// <exception cref="ArgumentException">The adapter was made for another hidden width.</exception>
    public PersonalizedTeacher(GeneratorModel frozen, PersonalAdapter adapter)
    {
        ArgumentNullException.ThrowIfNull(frozen);
        ArgumentNullException.ThrowIfNull(adapter);
        if (adapter.HiddenSize != frozen.Config.HiddenSize)
        {
            throw new ArgumentException($"The adapter has hidden width {adapter.HiddenSize}, the generator {frozen.Config.HiddenSize}.", nameof(adapter));
        }

        _frozen = frozen;
        _adapter = adapter;
    }

    /// <summary>None: the teacher is frozen.</summary>
    public IReadOnlyList<Parameter> Parameters { get; } = [];

    /// <summary>Writes <c>z + Δ</c> for every row of the batch.</summary>
    /// <param name="tokens">Time-major input tokens [T × B].</param>
    /// <param name="steps">T.</param>
    /// <param name="batch">B.</param>
    /// <param name="instruments">[B] instrument classes.</param>
    /// <param name="trackTypes">[B] track types.</param>
    /// <param name="logits">Receives [T × B × vocabulary].</param>
    /// <param name="training">Ignored: the teacher always runs as at inference.</param>
    public void Forward(ReadOnlySpan<int> tokens, int steps, int batch, ReadOnlySpan<int> instruments, ReadOnlySpan<int> trackTypes,
        Span<float> logits, bool training = true)
    {
        _frozen.Forward(tokens, steps, batch, instruments, trackTypes, logits, training: false);
        if (_delta.Length < logits.Length)
        {
            _delta = new float[logits.Length];
        }

        Span<float> delta = _delta.AsSpan(0, logits.Length);
        _adapter.Forward(_frozen.LastForwardTopHidden, delta);
        System.Numerics.Tensors.TensorPrimitives.Add(logits, delta, logits);
    }

    /// <summary>Not supported: the teacher is frozen.</summary>
    /// <param name="gradLogits">Unused.</param>
    /// <exception cref="InvalidOperationException">Always.</exception>
    public void Backward(ReadOnlySpan<float> gradLogits) =>
        throw new InvalidOperationException("A personalised teacher is frozen and has no gradient.");
}
