using System.Globalization;
using System.Security.Cryptography;
using NomadMuse.Core.Models;
using NomadMuse.Generation.Model;
using NomadMuse.Generation.Training;
using NomadMuse.Personalization;

namespace NomadMuse.Studio.Commands;

/// <summary>
/// Reads a user's session log (and optionally their adapter) into what <c>train generation</c>'s fusion loss needs:
/// the logged sequences with the seed's acceptance weights, γ from the session count, and P_personal as a teacher.
/// </summary>
internal static class FusionPersonalTerms
{
    /// <summary>The log or adapter cannot be used; the message says which file and why.</summary>
    internal sealed class LoadException(string message) : Exception(message);

    /// <summary>Opens the log, copies its sequences, and pairs the adapter with the teacher it was trained on.</summary>
    /// <param name="logPath">The encrypted session log.</param>
    /// <param name="keyFile">Key file, or null with a passphrase.</param>
    /// <param name="passphrase">Passphrase, or null with a key file.</param>
    /// <param name="adapterPath">The adapter, or null for the acceptance term alone.</param>
    /// <param name="teacherPaths">The --teacher files; the adapter's base must be one of them.</param>
    /// <param name="lambda">λ.</param>
    /// <exception cref="LoadException">A file is missing, damaged, encrypted with another key, or the adapter fits no teacher.</exception>
    public static TrainGenerationRunner.PersonalTerms Load(string logPath, string? keyFile, string? passphrase, string? adapterPath,
        IReadOnlyList<string> teacherPaths, float lambda)
    {
        if (!(lambda >= 0f) || float.IsPositiveInfinity(lambda))
        {
            throw new LoadException(string.Create(CultureInfo.InvariantCulture, $"--acceptance-weight must be finite and ≥ 0; got {lambda}."));
        }

        if (!File.Exists(logPath))
        {
            throw new LoadException($"the session log {logPath} does not exist.");
        }

        List<WeightedSequence> logged;
        int sessions;
        try
        {
            using var key = PersonalizeRunner.OpenKey(keyFile, passphrase);
            using var log = SessionLog.Open(logPath, key);
            sessions = log.SessionCount;
            logged = [.. log.Sequences
                .Where(q => q.Tokens.Length >= 2)
                .Select(q => new WeightedSequence([.. q.Tokens.Select(t => (int)t)], q.Weight, q.Instrument, q.TrackType))];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or SessionLogFormatException or CryptographicException)
        {
            throw new LoadException($"cannot read the session log {logPath}: {e.Message}");
        }

        double gamma = AdapterWeighting.Gamma(sessions);
        ISequenceModel? teacher = adapterPath is null ? null : PersonalTeacher(adapterPath, teacherPaths);
        int accepted = logged.Count(q => q.Weight >= 1f);
        string description = string.Create(CultureInfo.InvariantCulture,
            $"session log {Path.GetFileName(logPath)}: {sessions} sessions (γ = {gamma:G3}), {accepted} accepted and {logged.Count - accepted} rejected sequences, λ = {lambda}");
        return new TrainGenerationRunner.PersonalTerms(teacher, gamma, logged, lambda, description);
    }

    /// <summary>The adapter over the first teacher file whose model it was trained on (its fingerprint decides).</summary>
    private static PersonalizedTeacher PersonalTeacher(string adapterPath, IReadOnlyList<string> teacherPaths)
    {
        foreach (string path in teacherPaths)
        {
            GeneratorModel model;
            try
            {
                if (TokenPredictorFile.LoadSequenceModel(path) is not GeneratorModel generator)
                {
                    continue; // a transformer base cannot carry an adapter
                }

                model = generator;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ModelFormatException)
            {
                throw new LoadException($"cannot load the teacher {path}: {e.Message}");
            }

            try
            {
                return new PersonalizedTeacher(model, PersonalAdapter.Load(adapterPath, model));
            }
            catch (AdapterBaseMismatchException)
            {
                // Trained on another generator: try the next teacher.
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ModelFormatException)
            {
                throw new LoadException($"cannot load the adapter {adapterPath}: {e.Message}");
            }
        }

        throw new LoadException($"the adapter {adapterPath} was trained on none of the --teacher files; pass the generator it was trained on (the student) as a --teacher.");
    }
}
