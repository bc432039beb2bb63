using NomadMuse.Core.Training;
using NomadMuse.Generation.Model;
using NomadMuse.Generation.Tokens;

namespace NomadMuse.Generation.Training;

/// <summary>
/// The trainer's step function for a generator of either architecture (<see cref="ISequenceModel"/>): forward, next-token cross-entropy (PAD targets
/// ignored), backward. Holds the logit and gradient buffers so steps reuse them.
/// </summary>
public sealed class GeneratorLossStep
{
    private readonly ISequenceModel _model;
    private float[] _logits = [];
    private float[] _grad = [];

    /// <summary>Creates the step function for <paramref name="model"/>.</summary>
    public GeneratorLossStep(ISequenceModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
    }

    /// <summary>Runs forward and backward on one batch; gradients are added to the model's parameters.</summary>
    /// <returns>The mean loss over non-PAD targets and their count.</returns>
    public BatchResult Run(GenerationBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        int n = batch.Steps * batch.Batch * GeneratorConfig.Vocabulary;
        if (_logits.Length != n)
        {
            _logits = new float[n];
            _grad = new float[n];
        }

        _model.Forward(batch.Inputs, batch.Steps, batch.Batch, batch.Instruments, batch.TrackTypes, _logits, training: true);
        float loss = CrossEntropyLoss.Compute(_logits, GeneratorConfig.Vocabulary, batch.Targets, _grad, MuseVocabulary.Pad);
        _model.Backward(_grad);
        return new BatchResult(loss, batch.TargetCount);
    }
}
