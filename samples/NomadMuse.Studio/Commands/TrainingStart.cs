using System.Globalization;
using NomadMuse.Core.Models;
using NomadMuse.Generation.Model;
using NomadMuse.Generation.Training;

namespace NomadMuse.Studio.Commands;

/// <summary>What <c>train generation</c> starts from besides the data: its frozen teachers and its initial weights.</summary>
internal static class TrainingStart
{
    /// <summary>
    /// The frozen teacher of the run: none, one generator, or the weighted ensemble of the fusion (the --teacher files
    /// with their --teacher-weight values, plus P_personal with weight γ), and a description for the log and metadata.
    /// </summary>
    public static (ISequenceModel? Teacher, string Note) LoadTeachers(TrainGenerationRunner.Settings s)
    {
        var members = new List<(ISequenceModel Model, double Weight)>();
        var names = new List<string>();
        for (int i = 0; i < (s.Teachers?.Count ?? 0); i++)
        {
            string path = s.Teachers![i];
            ISequenceModel model;
            try
            {
                model = TokenPredictorFile.LoadSequenceModel(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ModelFormatException)
            {
                throw new TeacherLoadException($"cannot load the teacher {path}: {e.Message}");
            }

            if (model is TransformerModel transformer)
            {
                transformer.Parallelism = s.Threads;
            }

            members.Add((model, s.TeacherWeights is { Count: > 0 } w ? w[i] : 1.0));
            names.Add(Path.GetFileName(path));
        }

        if (s.Personal?.Teacher is { } personal)
        {
            members.Add((personal, s.Personal.Gamma));
            names.Add("personal adapter");
        }

        if (members.Count == 0)
        {
            return (null, "");
        }

        if (members.Count == 1)
        {
            return (members[0].Model, names[0]);
        }

        var ensemble = new TeacherEnsemble(members, s.DistillTemperature);
        double total = members.Sum(m => m.Weight);
        string note = string.Join(" + ", members.Select((m, i) => string.Create(CultureInfo.InvariantCulture, $"{m.Weight / total:0.###}·{names[i]}")));
        return (ensemble, note);
    }

    /// <summary>
    /// Starts training from a trained model's weights (an INT8 file gives its dequantised weights): every tensor must
    /// exist in both with the same shape, so only a model of the same preset fits.
    /// </summary>
    /// <exception cref="InvalidDataException">The architectures differ.</exception>
    public static void CopyWeights(ISequenceModel from, ISequenceModel to)
    {
        var source = from.Parameters.ToDictionary(p => p.Name);
        if (source.Count != to.Parameters.Count)
        {
            throw new InvalidDataException($"it has {source.Count} tensors, the {to.GetType().Name} being trained {to.Parameters.Count}; use a model of the same preset.");
        }

        foreach (var p in to.Parameters)
        {
            if (!source.TryGetValue(p.Name, out var q) || !q.Shape.SequenceEqual(p.Shape))
            {
                throw new InvalidDataException($"tensor {p.Name} is missing or has another shape; use a model of the same preset.");
            }

            q.Value.AsSpan().CopyTo(p.Value);
        }
    }

    /// <summary>A teacher file that cannot be used; the message names it.</summary>
    internal sealed class TeacherLoadException(string message) : Exception(message);
}
