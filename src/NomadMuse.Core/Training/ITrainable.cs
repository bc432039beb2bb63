namespace NomadMuse.Core.Training;

/// <summary>Something with trainable parameters: a layer, a block or a whole model.</summary>
public interface ITrainable
{
    /// <summary>Every parameter, in a stable order (optimizers and model files rely on it).</summary>
    IReadOnlyList<Parameter> Parameters { get; }
}
