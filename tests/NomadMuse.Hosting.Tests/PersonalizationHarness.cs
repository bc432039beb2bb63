using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NomadMuse.Core.Training;
using NomadMuse.Generation.Model;
using NomadMuse.Personalization;

namespace NomadMuse.Hosting.Tests;

/// <summary>
/// A temporary folder with a small random generator file, a session log path, an adapter path and a raw key, and
/// containers built on them: the personalisation tests check the wiring, so a random student-shaped model and a few
/// training epochs keep them at seconds.
/// </summary>
internal sealed class PersonalizationHarness : IDisposable
{
    public static readonly byte[] RawKey = [.. Enumerable.Range(1, SessionLogKey.KeyBytes).Select(i => (byte)(i * 7))];

    public PersonalizationHarness()
    {
        Directory.CreateDirectory(Folder);
        Model = new GeneratorModel(GeneratorConfig.Student, new TrainingRandom(3));
        Model.Save(ModelPath);
        Key = SessionLogKey.FromBytes(RawKey);
    }

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), $"nomadmuse-personal-{Guid.NewGuid():N}");

    public string ModelPath => Path.Combine(Folder, "generator.nmm");

    public string LogPath => Path.Combine(Folder, "user.nmlog");

    // In a sub-folder that does not exist yet: retraining must create it.
    public string AdapterPath => Path.Combine(Folder, "adapters", "me.nmm");

    public GeneratorModel Model { get; }

    public SessionLogKey Key { get; }

    /// <summary>Few, small steps: enough for a clear preference on a random model, seconds of training.</summary>
    public static PersonalAdapterTrainingOptions FastTraining() => new() { Epochs = 20, BatchTokens = 128, LearningRate = 1e-2f, Seed = 1 };

    public ServiceProvider Build(Action<PersonalizationOptions>? personalize = null, long seed = 7, bool personalization = true, bool logToList = false)
    {
        var services = new ServiceCollection();
        if (logToList)
        {
            services.AddSingleton(typeof(ILogger<>), typeof(ListLogger<>));
        }

        services.AddNomadMuse(b =>
        {
            b.AddGeneration(o =>
            {
                o.ModelPath = ModelPath;
                o.Seed = seed;
                o.KeySource = Generation.Runtime.Modes.KeySource.State;
            });
            if (personalization)
            {
                b.AddPersonalization(o =>
                {
                    o.SessionLogPath = LogPath;
                    o.Key = Key;
                    o.AdapterPath = AdapterPath;
                    o.Training = FastTraining();
                    personalize?.Invoke(o);
                });
            }
        });
        return services.BuildServiceProvider();
    }

    public void Dispose()
    {
        Key.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
