using NomadMuse.Classification.Data;
using NomadMuse.Classification.Training.Data;

namespace NomadMuse.Studio.Commands;

/// <summary>Renders (or reuses) the classifier's train and held-out test folders under a data root.</summary>
internal static class PrepareClassifierData
{
    /// <summary>Ensures <c>{root}/train</c> and <c>{root}/test</c> hold a labels.csv, rendering what is missing.</summary>
    public static (string Train, string Test) Ensure(string root, bool rerender, Action<string> say)
    {
        string train = Path.Combine(root, DatasetRecipe.Training.Name);
        string test = Path.Combine(root, DatasetRecipe.HeldOut.Name);
        foreach ((string folder, DatasetRecipe recipe) in new[] { (train, DatasetRecipe.Training), (test, DatasetRecipe.HeldOut) })
        {
            if (!rerender && File.Exists(Path.Combine(folder, LabelsFile.FileName)))
            {
                say($"[{recipe.Name}] reusing {folder} ({LabelsFile.Read(Path.Combine(folder, LabelsFile.FileName)).Count} clips)");
                continue;
            }

            new ClassifierDatasetBuilder(recipe, say).Build(folder);
        }

        return (train, test);
    }
}
