using Microsoft.Extensions.Logging;
using NomadMuse.Core.Models;
using NomadMuse.Generation.Model;
using NomadMuse.Generation.Runtime;
using NomadMuse.Personalization;
using NomadMuse.State;

namespace NomadMuse.Hosting;

/// <summary>
/// The personalisation inside the coordinator: owns the musician's encrypted session log (a session is begun at
/// start-up), records their verdicts on generated material, and retrains the personal adapter that every generation
/// session blends in through the <see cref="SwappableAdapterAdjustment"/>.
/// </summary>
/// <remarks>
/// Nothing here runs on the audio thread: recording encrypts and rewrites the log file; retraining runs on the thread
/// pool, one at a time. A wrong key or a damaged log throws at start-up rather than starting a fresh log, which would
/// overwrite the musician's history at the first write. A bad adapter file only costs the adaptation until the next
/// retraining, so it is logged and skipped.
/// </remarks>
internal sealed class PersonalizationModule : IDisposable
{
    private static readonly TimeSpan DisposeWait = TimeSpan.FromSeconds(30);
    private readonly UnifiedState _state;
    private readonly GenerationModule _generation;
    private readonly SwappableAdapterAdjustment _slot;
    private readonly PersonalAdapterTrainingOptions _training;
    private readonly ILogger _logger;
    private readonly SessionLog _log;
    private readonly string _adapterPath;
    private readonly double _gamma;
    private readonly SemaphoreSlim _oneTraining = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private int _disposed;

    public PersonalizationModule(UnifiedState state, GenerationModule generation, SwappableAdapterAdjustment slot, PersonalizationOptions options, ILogger logger)
    {
        _state = state;
        _generation = generation;
        _slot = slot;
        _training = options.Training;
        _logger = logger;
        _adapterPath = Path.GetFullPath(options.AdapterPath!);
        _log = SessionLog.Open(options.SessionLogPath!, options.Key!);
        try
        {
            _log.BeginSession();
        }
        catch
        {
            _log.Dispose();
            throw;
        }

        // The session count only changes here, so γ is fixed for the coordinator's life.
        _gamma = options.Gamma ?? _log.Gamma;
        PersonalAdapter? adapter = TryLoadAdapter(out string adapterState);
        _slot.Swap(adapter, _gamma);
        HostingLog.PersonalizationStarted(logger, _log.SessionCount, _log.Path, _log.Sequences.Count, adapterState, _gamma);
    }

    public PersonalizationStatus Status => new(_log.SessionCount, _log.Sequences.Count, _gamma, _slot.Adapter is not null);

    public void Record(int trackId, IReadOnlyList<GeneratedNote> notes, SequenceOutcome outcome)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trackId);
        ArgumentNullException.ThrowIfNull(notes);
        NomadMuse.State.TimeSignature ts = _state.Current.Music.TimeSignature;
        int[] tokens = OutcomeTokens.Encode(notes, ts.Numerator * 4.0 / ts.Denominator);
        (int instrument, int trackType) = _generation.ConditioningOf(trackId, notes);
        _log.Append(tokens, outcome, instrument, trackType);
    }

    public async Task<AdapterRetrainResult> RetrainAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (!_log.Sequences.Any(s => s.Tokens.Length >= 2))
        {
            throw new InvalidOperationException("NomadMuse personalization: the session log holds nothing to learn from yet; record the musician's verdicts with RecordOutcome first.");
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        CancellationToken token = linked.Token;
        // The trainer uses the generator's training-forward buffers, so two retrainings must not overlap; a second
        // call waits and then trains on the newer log.
        await _oneTraining.WaitAsync(token).ConfigureAwait(false);
        try
        {
            return await Task.Run(() => Retrain(token), token).ConfigureAwait(false);
        }
        finally
        {
            _oneTraining.Release();
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stopping.Cancel();
        // The trainer checks for cancellation between steps; waiting lets a retraining in flight end before the log
        // is closed. If it does not end in time the semaphore is left alone, because its finally still releases it.
        if (_oneTraining.Wait(DisposeWait))
        {
            _oneTraining.Dispose();
        }

        _log.Dispose();
        _stopping.Dispose();
    }

    private AdapterRetrainResult Retrain(CancellationToken token)
    {
        GeneratorModel frozen = _generation.Generator.Model;
        PersonalAdapterTrainingResult result = PersonalAdapterTrainer.Train(frozen, _log, _training, progress: null, token);
        // A cancelled training returns a half-trained adapter: keep the file and the sessions on the previous one.
        if (result.Training.Cancelled)
        {
            throw new OperationCanceledException("The adapter retraining was cancelled; the previous adapter stays in use.", token);
        }

        token.ThrowIfCancellationRequested();
        Directory.CreateDirectory(Path.GetDirectoryName(_adapterPath)!);
        result.Adapter.Save(_adapterPath, frozen); // temp file + move: a crash leaves the old file or the new one
        _slot.Swap(result.Adapter, _gamma);
        HostingLog.AdapterRetrained(_logger, result.AcceptedTokens, result.RejectedTokens, result.Training.Steps, result.Training.LastLoss, _adapterPath);
        return new AdapterRetrainResult(_adapterPath, result.AcceptedTokens, result.RejectedTokens, result.Training.Steps, result.Training.LastLoss, _gamma);
    }

    private PersonalAdapter? TryLoadAdapter(out string description)
    {
        if (!File.Exists(_adapterPath))
        {
            description = $"none yet ({_adapterPath} is written by the first retraining)";
            return null;
        }

        try
        {
            PersonalAdapter adapter = PersonalAdapter.Load(_adapterPath, _generation.Generator.Model);
            description = $"loaded from {_adapterPath}";
            return adapter;
        }
        catch (AdapterBaseMismatchException e)
        {
            HostingLog.AdapterMismatch(_logger, _adapterPath, e);
        }
        catch (Exception e) when (e is ModelFormatException or IOException or UnauthorizedAccessException)
        {
            HostingLog.AdapterUnreadable(_logger, _adapterPath, e);
        }

        description = $"not used ({_adapterPath} does not fit this generator)";
        return null;
    }
}
