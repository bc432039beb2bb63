using NomadMuse.Core.Training;
using NomadMuse.Generation.Model;
using NomadMuse.Generation.Tokens;

namespace NomadMuse.Generation.Training;

/// <summary>
/// The trainer's step function for knowledge distillation (seed §3.2.3, phase 2): a frozen teacher's logits are
/// computed on the fly for each batch, and the student minimises
/// <c>L = α·CE(student, hard targets) + (1 − α)·T²·KL(softmax(teacher/T) ‖ softmax(student/T))</c>.
/// </summary>
/// <remarks>
/// <para>α weights the hard-label cross-entropy, as in the seed's <c>distillation_loss</c> (α = 0.3, "emphasis on
/// distillation": 70 % of the loss is the teacher term). Both terms are means over the non-PAD targets only: rows
/// whose target is PAD (a column that ran out) are left out of the KL as they are out of the cross-entropy.</para>
/// <para>The fusion of §3.2.6 is this step with a <see cref="TeacherEnsemble"/> as the teacher, T = 1, α = 0 (the
/// loss is the KL to the mixture alone) and an <see cref="AcceptanceTerm"/> for λ·L_accept.</para>
/// <para>The teacher runs its inference-mode forward (no dropout) and receives no gradient; it is not in the
/// trainer's parameter list, so the optimizer never touches it.</para>
/// </remarks>
public sealed class DistillationLossStep
{
    private const int V = GeneratorConfig.Vocabulary;
    private readonly ISequenceModel _student;
    private readonly ISequenceModel _teacher;
    private readonly AcceptanceTerm? _acceptance;
    private float[] _logits = [], _teacherLogits = [], _grad = [], _kdGrad = [];
    private float[] _packedStudent = [], _packedTeacher = [], _packedGrad = [];

    /// <summary>Creates the step function.</summary>
    /// <param name="student">The model being trained.</param>
    /// <param name="teacher">The frozen teacher (a different instance).</param>
    /// <param name="temperature">T &gt; 0 (the seed uses 3).</param>
    /// <param name="alpha">Weight of the hard-label cross-entropy in [0, 1] (the seed uses 0.3).</param>
    /// <param name="acceptance">The fusion's λ·L_accept term on logged sequences, run after each batch (null for none).</param>
    /// <exception cref="ArgumentException">The teacher is the student.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The temperature or α is out of range.</exception>
    public DistillationLossStep(ISequenceModel student, ISequenceModel teacher, float temperature = 3f, float alpha = 0.3f, AcceptanceTerm? acceptance = null)
    {
        ArgumentNullException.ThrowIfNull(student);
        ArgumentNullException.ThrowIfNull(teacher);
        if (ReferenceEquals(student, teacher))
        {
            throw new ArgumentException("The teacher must be a separate, frozen model.", nameof(teacher));
        }

        if (!(temperature > 0f) || float.IsPositiveInfinity(temperature))
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "Must be positive and finite.");
        }

        if (!(alpha >= 0f && alpha <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "Must be in [0, 1].");
        }

        _student = student;
        _teacher = teacher;
        _acceptance = acceptance;
        Temperature = temperature;
        Alpha = alpha;
    }

    /// <summary>T.</summary>
    public float Temperature { get; }

    /// <summary>α, the weight of the hard-label term.</summary>
    public float Alpha { get; }

    /// <summary>The hard-label cross-entropy of the last batch (nats per token).</summary>
    public float LastCrossEntropy { get; private set; }

    /// <summary>The T²-scaled KL term of the last batch.</summary>
    public float LastDistillation { get; private set; }

    /// <summary>λ·L_accept of the last batch (0 without an acceptance term).</summary>
    public float LastAcceptance { get; private set; }

    /// <summary>Runs the teacher forward, the student forward and backward on one batch.</summary>
    /// <returns>The blended loss and the number of non-PAD targets.</returns>
    public BatchResult Run(GenerationBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        int rows = batch.Steps * batch.Batch, n = rows * V;
        if (_logits.Length != n)
        {
            _logits = new float[n];
            _teacherLogits = new float[n];
            _grad = new float[n];
            _kdGrad = new float[n];
        }

        _teacher.Forward(batch.Inputs, batch.Steps, batch.Batch, batch.Instruments, batch.TrackTypes, _teacherLogits, training: false);
        _student.Forward(batch.Inputs, batch.Steps, batch.Batch, batch.Instruments, batch.TrackTypes, _logits, training: true);
        float ce = CrossEntropyLoss.Compute(_logits, V, batch.Targets, _grad, MuseVocabulary.Pad);
        float kd = MaskedDistillation(batch.Targets, rows);
        for (int i = 0; i < n; i++)
        {
            _grad[i] = (Alpha * _grad[i]) + ((1f - Alpha) * _kdGrad[i]);
        }

        _student.Backward(_grad);
        LastCrossEntropy = ce;
        LastDistillation = kd;
        // The acceptance batch's forward replaces the student's cache, so it runs after the corpus batch's backward;
        // both gradients add up in the parameters before the optimizer step.
        LastAcceptance = _acceptance?.Run(_student) ?? 0f;
        return new BatchResult((Alpha * ce) + ((1f - Alpha) * kd) + LastAcceptance, batch.TargetCount);
    }

    /// <summary>The KL term over the rows with a real target; PAD rows get a zero gradient.</summary>
    private float MaskedDistillation(ReadOnlySpan<int> targets, int rows)
    {
        int kept = 0;
        for (int r = 0; r < rows; r++)
        {
            kept += targets[r] != MuseVocabulary.Pad ? 1 : 0;
        }

        Array.Clear(_kdGrad);
        if (kept == 0)
        {
            return 0f;
        }

        TrainingBuffers.Ensure(ref _packedStudent, kept * V);
        TrainingBuffers.Ensure(ref _packedTeacher, kept * V);
        TrainingBuffers.Ensure(ref _packedGrad, kept * V);
        for (int r = 0, k = 0; r < rows; r++)
        {
            if (targets[r] != MuseVocabulary.Pad)
            {
                _logits.AsSpan(r * V, V).CopyTo(_packedStudent.AsSpan(k * V, V));
                _teacherLogits.AsSpan(r * V, V).CopyTo(_packedTeacher.AsSpan(k * V, V));
                k++;
            }
        }

        float kd = DistillationLoss.Compute(_packedStudent.AsSpan(0, kept * V), _packedTeacher.AsSpan(0, kept * V), V, Temperature, _packedGrad.AsSpan(0, kept * V));
        for (int r = 0, k = 0; r < rows; r++)
        {
            if (targets[r] != MuseVocabulary.Pad)
            {
                _packedGrad.AsSpan(k * V, V).CopyTo(_kdGrad.AsSpan(r * V, V));
                k++;
            }
        }

        return kd;
    }
}
