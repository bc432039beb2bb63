using NomadMuse.Core.Models;
using NomadMuse.Generation.Model;

namespace NomadMuse.Generation.Runtime;

/// <summary>
/// The entry point of real-time generation: holds a generator model's weights and opens
/// <see cref="GenerationSession"/>s on it, one per track or stream.
/// </summary>
/// <remarks>
/// Thread-safe: the weights are only read after loading, so any number of sessions may step concurrently on
/// different threads (each session itself is single-threaded). Do not train the model while sessions use it.
/// The generator holds managed memory only, so it needs no disposal.
/// </remarks>
/// <example>
/// <code>
/// var generator = MuseGenerator.Load("generator.nmm");
/// var session = generator.OpenSession(new GenerationOptions { Mode = GenerationMode.Tonal, Seed = 7 });
/// session.Prime(MidiFile.Read("intro.mid"));
/// IReadOnlyList&lt;GeneratedNote&gt; bar = session.NextBar();
/// GeneratedMidi.ToMidiFile(bar, beatsPerMinute: 96).Write("next-bar.mid");
/// </code>
/// </example>
public sealed class MuseGenerator
{
    /// <summary>The manifest resource name of the embedded default model.</summary>
    public const string DefaultModelResource = "NomadMuse.Generation.DefaultModel.nmm";

    private MuseGenerator(GeneratorModel model) => Model = model;

    /// <summary>The model sessions step.</summary>
    public GeneratorModel Model { get; }

    /// <summary>Loads the model embedded in this assembly (<see cref="DefaultModelResource"/>).</summary>
    /// <returns>The generator.</returns>
    /// <exception cref="InvalidOperationException">This build of the assembly carries no embedded model.</exception>
    /// <exception cref="ModelFormatException">The embedded model is damaged.</exception>
    public static MuseGenerator LoadDefault()
    {
        using Stream? stream = typeof(MuseGenerator).Assembly.GetManifestResourceStream(DefaultModelResource)
            ?? throw new InvalidOperationException(
                $"This build of NomadMuse.Generation has no embedded default model (resource '{DefaultModelResource}'). " +
                "Load a model file with MuseGenerator.Load(path) instead.");
        return Load(stream);
    }

    /// <summary>Loads a generator model file (<c>.nmm</c>) from a stream.</summary>
    /// <param name="model">The stream, read to its end; not closed.</param>
    /// <returns>The generator.</returns>
    /// <exception cref="ModelFormatException">The stream is not a generator model file, or is damaged.</exception>
    public static MuseGenerator Load(Stream model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new MuseGenerator(GeneratorModel.FromModelFile(ModelFile.Read(model)));
    }

    /// <summary>Loads a generator model file (<c>.nmm</c>) from disk.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The generator.</returns>
    /// <exception cref="ModelFormatException">The file is not a generator model file, or is damaged.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static MuseGenerator Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return new MuseGenerator(GeneratorModel.Load(path));
    }

    /// <summary>Wraps a model already in memory (for example one just trained, or a test's random model).</summary>
    /// <param name="model">The model; it must not be trained while sessions use it.</param>
    /// <returns>The generator.</returns>
    public static MuseGenerator FromModel(GeneratorModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new MuseGenerator(model);
    }

    /// <summary>Opens a session: its own recurrent and attention state, sampler and random source.</summary>
    /// <param name="options">Sampling and mode settings; null for the defaults.</param>
    /// <returns>A session primed with an empty stream.</returns>
    /// <remarks>Allocates the session's buffers (a few kilobytes); any thread.</remarks>
    public GenerationSession OpenSession(GenerationOptions? options = null) => new(this, Model, options ?? new GenerationOptions());
}
