using System.Numerics.Tensors;
using NomadMuse.Core.Kernels;
using NomadMuse.Core.Training;

namespace NomadMuse.Generation.Model;

/// <summary>The INT8 inference form (<see cref="Quantize"/>, <see cref="IsQuantized"/>).</summary>
public sealed partial class GeneratorModel
{
    private GeneratorQuantizedWeights? _int8;

    /// <summary>
    /// True when <see cref="Step"/> runs the INT8 kernels: the model came from <see cref="Quantize"/> or from a model
    /// file with INT8 tensors.
    /// </summary>
    public bool IsQuantized => _int8 is not null;

    /// <summary>
    /// Returns an INT8 copy of this model for inference; this model is not changed. Every weight matrix (the three
    /// embedding tables, the GRU input and recurrent matrices, the attention projections and the head) is quantised
    /// symmetrically per output row (<see cref="QuantizedMatrix.Quantize"/>); biases, the relative-position bias and
    /// all activations between layers stay fp32, and each matrix product quantises its input vector per step.
    /// </summary>
    /// <returns>A new model whose <see cref="Step"/> uses <see cref="Int8Gemv"/>; <c>this</c> when already quantised.</returns>
    /// <remarks>
    /// The copy's <see cref="Parameters"/> hold the dequantised weights (<c>scale · q</c>), so its <see cref="Forward"/>
    /// evaluates the quantised weights in fp32 and <see cref="Save"/> writes the INT8 tensors back without loss. A
    /// quantised model is for inference: training it changes the fp32 parameters but not the INT8 weights Step uses.
    /// </remarks>
    public GeneratorModel Quantize()
    {
        if (_int8 is not null)
        {
            return this;
        }

        var copy = new GeneratorModel(Config, new TrainingRandom(0));
        for (int i = 0; i < Parameters.Count; i++)
        {
            Parameters[i].Value.CopyTo(copy.Parameters[i].Value, 0);
        }

        copy.AttachInt8(p => QuantizedMatrix.Quantize(p.Value, p.Shape[0], p.Shape[1]));
        return copy;
    }

    /// <summary>Builds the INT8 weights and makes the fp32 parameters their exact dequantised values.</summary>
    private void AttachInt8(Func<Parameter, QuantizedMatrix> matrixOf)
    {
        var byName = Parameters.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var matrices = new Dictionary<string, QuantizedMatrix>(StringComparer.Ordinal);
        foreach (string name in GeneratorQuantizedWeights.MatrixNames)
        {
            Parameter p = byName[name];
            QuantizedMatrix m = matrixOf(p);
            m.Dequantize(p.Value);
            matrices[name] = m;
        }

        _int8 = new GeneratorQuantizedWeights(matrices, n => byName[n].Value, GeneratorConfig.AttentionWindow);
    }

    private void StepInt8(int token, GeneratorState state, Span<float> logits, GeneratorQuantizedWeights q)
    {
        // The embedding tables hold their dequantised INT8 values: a lookup needs no integer arithmetic.
        int e = Config.EmbeddingSize;
        Span<float> x = state.Input;
        _tokens.Lookup(token, x);
        TensorPrimitives.Add(x, _instruments.Weight.Value.AsSpan(state.Instrument * e, e), x);
        TensorPrimitives.Add(x, _trackTypes.Weight.Value.AsSpan(state.TrackType * e, e), x);
        q.Gru1.Step(x, state.Hidden1, state.GruScratch, state.InputQuantized, state.HiddenQuantized);
        q.Gru2.Step(state.Hidden1, state.Hidden2, state.GruScratch, state.HiddenQuantized, state.HiddenQuantized);
        q.Attention.Step(state.Hidden2, state.Cache, state.Attended, state.AttentionScratch, state.HiddenQuantized, state.ContextQuantized);
        TensorPrimitives.Add(state.Hidden2, state.Attended, state.Residual);
        q.Gru3.Step(state.Residual, state.Hidden3, state.GruScratch, state.HiddenQuantized, state.HiddenQuantized);
        Int8Gemv.Multiply(q.Head, state.Hidden3, state.HiddenQuantized, q.HeadBias, logits);
    }
}
