using NomadMuse.Core.Training;
using NomadMuse.Generation.Model;
using NomadMuse.Generation.Runtime;

namespace NomadMuse.Generation.Tests.Runtime;

/// <summary>Randomly initialised generators (never an embedded model), so the engine's guarantees are tested on
/// a model whose raw output ignores keys, drum kits and grammar.</summary>
internal static class RuntimeTestModels
{
    private static readonly Lazy<GeneratorModel> SmallModel = new(() => new GeneratorModel(new GeneratorConfig(16, 24, 0f), new TrainingRandom(11)));
    private static readonly Lazy<GeneratorModel> StudentModel = new(() => new GeneratorModel(GeneratorConfig.Student, new TrainingRandom(12)));

    /// <summary>E = 16, H = 24: fast enough for tens of thousands of steps per test.</summary>
    public static MuseGenerator Small() => MuseGenerator.FromModel(SmallModel.Value);

    /// <summary>The shipped student shape (E = H = 88), random weights.</summary>
    public static MuseGenerator Student() => MuseGenerator.FromModel(StudentModel.Value);
}
