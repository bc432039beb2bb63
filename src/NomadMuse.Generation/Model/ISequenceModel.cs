using NomadMuse.Core.Training;

namespace NomadMuse.Generation.Model;

/// <summary>
/// A token generator's training surface: a batched forward over time-major <c>[T × B]</c> token columns (each from a
/// fresh state, with per-column conditioning) and the matching backward. Both generator architectures implement it,
/// so one loss step trains either and a frozen one can serve as a distillation teacher.
/// </summary>
public interface ISequenceModel : ITrainable
{
    /// <summary>Forward over a time-major batch; caches what <see cref="Backward"/> needs.</summary>
    /// <param name="tokens"><c>[T × B]</c> token ids, element (t, b) at <c>t·B + b</c>.</param>
    /// <param name="steps">T.</param>
    /// <param name="batch">B.</param>
    /// <param name="instruments">B instrument classes (0–20).</param>
    /// <param name="trackTypes">B track types (0–2).</param>
    /// <param name="logits"><c>[T × B × 258]</c> output.</param>
    /// <param name="training">Apply dropout (true) or behave like inference (false).</param>
    void Forward(ReadOnlySpan<int> tokens, int steps, int batch, ReadOnlySpan<int> instruments,
        ReadOnlySpan<int> trackTypes, Span<float> logits, bool training = true);

    /// <summary>Back-propagates dL/dlogits of the last forward pass, adding into every parameter gradient.</summary>
    void Backward(ReadOnlySpan<float> gradLogits);
}
