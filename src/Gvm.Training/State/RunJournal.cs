using System.Text.Json;
using Gvm.Core.IO;
using Gvm.Core.Runs;
using Gvm.Core.Runs.Files;

namespace Gvm.Training.State;

/// <summary>What the trainer writes on one line of allocations.jsonl (<see cref="AllocationsFile"/>): the stage-2 sample
/// size of one prompt in one EM iteration (<see cref="UniformFallback"/>: the iteration's GVM allocation allocated
/// nothing and the uniform split was used).</summary>
public sealed record AllocationRecord(int Iteration, int Step, int PromptId, int Level, double AcceptRate, double GradNorm, int N,
    bool UniformFallback = false);

/// <summary>What the trainer writes on one line of pass_rates.jsonl (<see cref="PassRatesFile"/>): how many of a
/// prompt's stage-2 samples in one step earned reward.</summary>
public sealed record PassRateRecord(int Step, int PromptId, int Level, int Samples, int Accepted);

/// <summary>
/// Writes the run directory's files (the run contract in <see cref="RunFiles"/>, each file's format in its codec in
/// <see cref="Gvm.Core.Runs.Files"/>): metrics.jsonl, status.json, result.json, train.log, allocations.jsonl and
/// pass_rates.jsonl. Appends are flushed line by line so a reader never waits.
/// status.json is also rewritten by a heartbeat timer (<see cref="StartHeartbeat"/>) with the latest state and a fresh
/// time, so its heartbeat says "the process is alive", not "a step just ended".
/// </summary>
public sealed class RunJournal : IDisposable
{
    private readonly string _dir;
    private readonly Lock _statusGate = new();
    private RunStatus? _status;
    private string? _recovery;
    private Timer? _heartbeat;

    public RunJournal(string dir)
    {
        _dir = Path.GetFullPath(dir);
        Directory.CreateDirectory(_dir);
    }

    public string Directory_ => _dir;

    public string PathOf(string file) => Path.Combine(_dir, file);

    /// <summary>Appends {"step": s, "time": unix seconds, name: value, ...} to metrics.jsonl.</summary>
    public void AppendMetrics(int step, IReadOnlyDictionary<string, double> metrics) =>
        File.AppendAllText(PathOf(RunFiles.Metrics), MetricsFile.Encode(step, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0, metrics));

    /// <summary>
    /// On resume from the checkpoint of <paramref name="step"/>: drops the lines written after it. A metric line names
    /// the step it ends (kept up to <paramref name="step"/>); an allocation line names the step it was drawn before,
    /// so one at <paramref name="step"/> itself came after the checkpoint and is drawn again by the resumed run.
    /// </summary>
    public void TruncateAfter(int step)
    {
        Truncate(PathOf(RunFiles.Metrics), MetricNames.Step, step);
        Truncate(PathOf(RunFiles.Allocations), AllocationsFile.Step, step - 1);
        Truncate(PathOf(RunFiles.PassRates), PassRatesFile.Step, step - 1);
    }

    /// <summary>Appends the pass counts of one step's stage-2 samples (a line names the step it was sampled in, 0-based).</summary>
    public void AppendPassRates(IEnumerable<PassRateRecord> records) =>
        AppendLines(RunFiles.PassRates, records.Select(r => PassRatesFile.Encode(r.Step, r.PromptId, r.Level, r.Samples, r.Accepted)));

    public void AppendAllocations(IEnumerable<AllocationRecord> records) =>
        AppendLines(RunFiles.Allocations, records.Select(r =>
            AllocationsFile.Encode(r.Iteration, r.Step, r.PromptId, r.Level, r.AcceptRate, r.GradNorm, r.N, r.UniformFallback)));

    private void AppendLines(string file, IEnumerable<string> lines) => File.AppendAllText(PathOf(file), string.Concat(lines));

    public void WriteStatus(string state, int step, int totalSteps, string? message = null)
    {
        lock (_statusGate)
        {
            _status = new RunStatus
            {
                State = state, Step = step, TotalSteps = totalSteps, Pid = Environment.ProcessId, Message = message, Recovery = _recovery,
            };
            WriteStatusLocked();
        }
    }

    /// <summary>Records what this process recovered from; carried in every later status.json (and said in train.log by the caller).</summary>
    public void NoteRecovery(string note)
    {
        lock (_statusGate)
        {
            _recovery = _recovery is null ? note : $"{_recovery}; {note}";
            if (_status is null) return;
            _status = _status with { Recovery = _recovery };
            WriteStatusLocked();
        }
    }

    /// <summary>
    /// Rewrites status.json every <paramref name="interval"/> with the latest state and a fresh heartbeat, from a timer
    /// thread: a step that takes longer than an orchestrator's stale threshold still shows a live trainer.
    /// </summary>
    public void StartHeartbeat(TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        _heartbeat?.Dispose();
        _heartbeat = new Timer(_ => Beat(), null, interval, interval);
    }

    /// <summary>Stops the heartbeat and waits for a beat in progress (status.json is final after this).</summary>
    public void StopHeartbeat()
    {
        if (_heartbeat is not { } timer) return;
        using var done = new ManualResetEvent(false);
        if (timer.Dispose(done)) done.WaitOne();
        _heartbeat = null;
    }

    public void Dispose() => StopHeartbeat();

    private void Beat()
    {
        try
        {
            lock (_statusGate)
            {
                if (_status is not null) WriteStatusLocked();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // a full or read-only disk: the heartbeat goes stale, which is what an orchestrator should then see
        }
    }

    private void WriteStatusLocked()
    {
        _status = _status! with { Heartbeat = DateTimeOffset.UtcNow };
        StatusFile.Write(PathOf(RunFiles.Status), _status);
    }

    public void WriteResult(RunResult result) => StatusFile.Write(PathOf(RunFiles.Result), result);

    public void Log(string message) =>
        File.AppendAllText(PathOf(RunFiles.Log), $"{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {message}\n");

    private static void Truncate(string path, string key, int step)
    {
        if (!File.Exists(path)) return;
        var kept = new List<string>();
        foreach (var line in File.ReadAllLines(path))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                using var doc = JsonDocument.Parse(line);
                if (doc.RootElement.TryGetProperty(key, out var s) && s.GetInt32() > step) continue;
            }
            catch (JsonException)
            {
                continue; // a line cut by a kill: dropped, it is rewritten by the resumed run
            }
            kept.Add(line);
        }
        AtomicFile.WriteAllText(path, kept.Count == 0 ? "" : string.Join('\n', kept) + "\n");
    }
}
