namespace NomadMuse.Generation.Model;

/// <summary>One sequence being predicted by an <see cref="ITokenPredictor"/>. Not thread-safe.</summary>
public interface ITokenStream
{
    /// <summary>Starts a new sequence with the given conditioning.</summary>
    /// <param name="instrument">Instrument class 0–20.</param>
    /// <param name="trackType">Track type 0–2.</param>
    /// <exception cref="ArgumentOutOfRangeException">A class is outside its range.</exception>
    void Reset(int instrument, int trackType);

    /// <summary>Feeds one token and writes the 258 logits for the next.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The token is outside the vocabulary.</exception>
    void Step(int token, Span<float> logits);
}
