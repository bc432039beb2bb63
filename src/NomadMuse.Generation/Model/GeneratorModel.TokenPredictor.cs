namespace NomadMuse.Generation.Model;

/// <summary>The <see cref="ITokenPredictor"/> view of the GRU/attention generator.</summary>
public sealed partial class GeneratorModel : ITokenPredictor
{
    /// <inheritdoc/>
    public ITokenStream OpenStream() => new Stream(this, CreateState());

    private sealed class Stream(GeneratorModel model, GeneratorState state) : ITokenStream
    {
        public void Reset(int instrument, int trackType)
        {
            state.SetContext(instrument, trackType);
            state.Reset();
        }

        public void Step(int token, Span<float> logits) => model.Step(token, state, logits);
    }
}
