using System.Collections.Concurrent;
using System.Globalization;
using Gvm.Core.IO;
using Gvm.Orchestration.Metrics;

namespace Gvm.Orchestration.Launchers.Slurm;

/// <summary>
/// Runs each attempt as a Slurm batch job. The job is named <c>gvm-&lt;run id&gt;</c> and carries the comment
/// <c>gvm:&lt;sweep&gt;:&lt;run&gt;:&lt;attempt&gt;</c>, so a restarted orchestrator finds it again (queued, running, or
/// ended while nobody watched) instead of submitting it twice. State comes from one <c>squeue</c> call per poll
/// interval for all jobs (then <c>sacct</c> for jobs squeue has forgotten); stopping is <c>scancel</c>.
/// The run directory must be on a filesystem the compute nodes share: each job checks a probe file first.
/// </summary>
public sealed class SlurmLauncher(SlurmLauncherOptions options) : IRunLauncher
{
    private const string SqueueFormat = "JobID:|,Name:|,State:|,Reason:|,exit_code:|,Comment:";
    /// <summary>Polls in a row in which Slurm knew nothing of a job before it counts as lost (sacct may lag squeue).</summary>
    private const int MissesBeforeLost = 3;

    private readonly SlurmLauncherOptions _options = options.Validate();
    private readonly SlurmCli _cli = new(options);
    private readonly ConcurrentDictionary<string, bool> _stopRequested = new();
    private readonly ConcurrentDictionary<string, string> _runDirs = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IReadOnlyDictionary<string, SlurmJob> _snapshot = new Dictionary<string, SlurmJob>();
    private DateTimeOffset _snapshotAt = DateTimeOffset.MinValue;

    public string Name => "slurm";

    public bool QueuesDependencies => true;

    /// <summary>Slurm enforces <c>--time</c> on run time; queue time does not count.</summary>
    public bool EnforcesTimeLimit => true;

    public async Task<LaunchHandle> SubmitAsync(LaunchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        Directory.CreateDirectory(request.RunDir);
        await CheckDependenciesAsync(request, cancellationToken).ConfigureAwait(false);
        string? token = null;
        if (_options.CheckSharedFilesystem)
        {
            token = Guid.NewGuid().ToString("N");
            await AtomicFile.WriteAllTextAsync(Path.Combine(request.RunDir, SlurmScript.ProbeFile), token, cancellationToken).ConfigureAwait(false);
        }
        var script = Path.Combine(request.RunDir, SlurmScript.FileName(request.Attempt));
        await AtomicFile.WriteAllTextAsync(script, SlurmScript.Build(request, _options, token, request.After), cancellationToken).ConfigureAwait(false);

        for (var attempt = 1; ; attempt++)
        {
            SlurmCommandResult result;
            try
            {
                result = await _cli.RunOnceAsync("sbatch", ["--parsable", script], cancellationToken).ConfigureAwait(false);
            }
            catch (SlurmException e)
            {
                throw new LaunchException(request.RunId, e.Message, e);
            }
            if (result.ExitCode == 0)
            {
                var jobId = result.Stdout.Trim().Split(';')[0];
                if (jobId.Length == 0 || !jobId.All(char.IsAsciiDigit))
                    throw new LaunchException(request.RunId, $"sbatch answered '{result.Stdout.Trim()}' instead of a job id");
                return Track(request, jobId);
            }
            if (!SlurmCli.IsTransient(result.Stderr) || attempt >= _options.CommandAttempts)
                throw new LaunchException(request.RunId, $"sbatch {script} failed (exit code {result.ExitCode}): {result.Stderr.Trim()}");
            // The controller may have queued the job and lost only the answer: never submit a second copy.
            var queued = await FindByCommentAsync(request, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            if (queued is not null) return Track(request, queued.JobId);
            await Task.Delay(TimeSpan.FromSeconds(2 << attempt), cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<LaunchHandle?> AttachAsync(LaunchRequest request, string? recordedHandle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        // A restart attaches every unfinished run in a row: one squeue snapshot serves them all.
        var maxAge = _options.PollInterval / 2;
        var jobs = await SnapshotAsync(maxAge, cancellationToken).ConfigureAwait(false);
        var comment = SlurmScript.Comment(request.SweepId, request.RunId, request.Attempt);
        SlurmJob? job = null;
        if (recordedHandle is not null && jobs.TryGetValue(recordedHandle, out var recorded) && recorded.Comment == comment) job = recorded;
        job ??= await FindByCommentAsync(request, maxAge, cancellationToken).ConfigureAwait(false);
        if (job is null && recordedHandle is not null)
        {
            // Gone from squeue (MinJobAge): sacct still knows how it ended.
            var old = await SacctAsync(recordedHandle, cancellationToken).ConfigureAwait(false);
            if (old is not null && old.Name == SlurmScript.JobName(request.RunId)) job = old;
        }
        // An ended job is re-attached too, so its real end (a scancel while we were down, a failure) is recorded.
        return job is null ? null : Track(request, job.JobId);
    }

    public async Task<LaunchOutcome> WaitAsync(LaunchHandle handle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var misses = 0;
        while (true)
        {
            var job = await LookupAsync(handle.Id, cancellationToken).ConfigureAwait(false);
            if (job is { IsDependencyNeverSatisfied: true })
            {
                await ScancelAsync(handle.Id, [], cancellationToken).ConfigureAwait(false);
                return Finish(handle, job.ToOutcome(false));
            }
            if (job is not null && !job.IsActive) return Finish(handle, job.ToOutcome(_stopRequested.ContainsKey(handle.Id)));
            if (job is null && ++misses >= MissesBeforeLost)
            {
                var runDir = _runDirs.GetValueOrDefault(handle.Id);
                return Finish(handle, runDir is not null && RunStatusFile.ReadResultState(runDir) == "succeeded"
                    ? new LaunchOutcome { End = LaunchEnd.Succeeded, Message = $"slurm job {handle.Id} forgotten by Slurm; result.json says succeeded" }
                    : new LaunchOutcome { End = LaunchEnd.Lost, Message = $"slurm job {handle.Id} is unknown to squeue and sacct" });
            }
            if (job is not null) misses = 0;
            await Task.Delay(_options.PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task CancelAsync(LaunchHandle handle, TimeSpan grace, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handle);
        _stopRequested[handle.Id] = true;
        var job = await LookupAsync(handle.Id, cancellationToken).ConfigureAwait(false);
        if (job is null || !job.IsActive && !job.IsDependencyNeverSatisfied) return;
        if (job.BaseState is "RUNNING" && grace > TimeSpan.Zero)
        {
            // SIGTERM to the batch script (the exec'd trainer) without ending the job: the trainer checkpoints and exits.
            await ScancelAsync(handle.Id, ["--signal=TERM", "--full"], cancellationToken).ConfigureAwait(false);
            var deadline = DateTimeOffset.UtcNow + grace;
            var step = TimeSpan.FromTicks(Math.Min(_options.PollInterval.Ticks, TimeSpan.FromSeconds(1).Ticks));
            while (DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(step, cancellationToken).ConfigureAwait(false);
                job = await LookupAsync(handle.Id, cancellationToken, fresh: step).ConfigureAwait(false);
                if (job is null || !job.IsActive) return;
            }
        }
        await ScancelAsync(handle.Id, [], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Jobs are left queued and running on purpose: a restarted orchestrator re-attaches to them.</summary>
    public ValueTask DisposeAsync()
    {
        _gate.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>afterok on a job that already ended badly would queue a job that can never start: refuse it.</summary>
    private async Task CheckDependenciesAsync(LaunchRequest request, CancellationToken cancellationToken)
    {
        if (request.After.Count == 0) return;
        var jobs = await SnapshotAsync(TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        foreach (var id in request.After)
        {
            if (!id.All(char.IsAsciiDigit) || id.Length == 0) throw new LaunchException(request.RunId, $"'{id}' is not a slurm job id to depend on");
            if (jobs.TryGetValue(id, out var need) && !need.IsActive && need.ToOutcome(false).End != LaunchEnd.Succeeded)
                throw new LaunchException(request.RunId, $"needed slurm job {id} ended {need.BaseState}");
        }
    }

    private LaunchHandle Track(LaunchRequest request, string jobId)
    {
        _runDirs[jobId] = request.RunDir;
        return new LaunchHandle(Name, jobId, request.RunId, request.Attempt);
    }

    private LaunchOutcome Finish(LaunchHandle handle, LaunchOutcome outcome)
    {
        _stopRequested.TryRemove(handle.Id, out _);
        _runDirs.TryRemove(handle.Id, out _);
        return outcome;
    }

    private async Task<SlurmJob?> FindByCommentAsync(LaunchRequest request, TimeSpan maxAge, CancellationToken cancellationToken)
    {
        var comment = SlurmScript.Comment(request.SweepId, request.RunId, request.Attempt);
        var jobs = await SnapshotAsync(maxAge, cancellationToken).ConfigureAwait(false);
        return jobs.Values.Where(j => j.Comment == comment)
            .OrderByDescending(j => j.IsActive)
            .ThenByDescending(j => long.Parse(j.JobId, CultureInfo.InvariantCulture))
            .FirstOrDefault();
    }

    private async Task<SlurmJob?> LookupAsync(string jobId, CancellationToken cancellationToken, TimeSpan? fresh = null)
    {
        SlurmJob? job;
        try
        {
            var jobs = await SnapshotAsync(fresh ?? _options.PollInterval / 2, cancellationToken).ConfigureAwait(false);
            job = jobs.GetValueOrDefault(jobId) ?? await SacctAsync(jobId, cancellationToken).ConfigureAwait(false);
        }
        catch (SlurmException)
        {
            // The controller is unreachable (maintenance, failover): the job is not lost, keep asking.
            return new SlurmJob(jobId, "", "PENDING", "ControllerUnreachable", null, null, "");
        }
        return job;
    }

    /// <summary>All of this user's jobs from one <c>squeue</c> call, shared by every waiter while fresher than <paramref name="maxAge"/>.</summary>
    private async Task<IReadOnlyDictionary<string, SlurmJob>> SnapshotAsync(TimeSpan maxAge, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (maxAge > TimeSpan.Zero && DateTimeOffset.UtcNow - _snapshotAt < maxAge) return _snapshot;
            var result = await _cli.RunAsync("squeue", ["--me", "--noheader", "--states=all", "-O", SqueueFormat], cancellationToken)
                .ConfigureAwait(false);
            _snapshot = result.Stdout.Split('\n').Select(SlurmJob.ParseSqueue).OfType<SlurmJob>()
                .Where(j => j.Comment.StartsWith(SlurmScript.CommentPrefix, StringComparison.Ordinal))
                .GroupBy(j => j.JobId).ToDictionary(g => g.Key, g => g.First());
            _snapshotAt = DateTimeOffset.UtcNow;
            return _snapshot;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// The job from <c>sacct</c>; with no accounting database (<c>AccountingStorageType=none</c>) from the job
    /// completion log (<c>sacct -c</c>, JobCompType=jobcomp/filetxt). Null when neither knows it.
    /// </summary>
    private async Task<SlurmJob?> SacctAsync(string jobId, CancellationToken cancellationToken)
    {
        string[] fields = ["-n", "-P", "-X", "-j", jobId, "-o", "JobID,JobName,State,ExitCode"];
        var result = await _cli.RunOnceAsync("sacct", fields, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0 || result.Stderr.Contains("accounting storage is disabled", StringComparison.OrdinalIgnoreCase)
            || result.Stdout.Contains("accounting storage is disabled", StringComparison.OrdinalIgnoreCase))
        {
            result = await _cli.RunOnceAsync("sacct", ["-c", .. fields], cancellationToken).ConfigureAwait(false);
        }
        if (result.ExitCode != 0 && SlurmCli.IsTransient(result.Stderr))
            throw new SlurmException("sacct -j " + jobId, result.ExitCode, result.Stderr);
        return result.Stdout.Split('\n').Select(SlurmJob.ParseSacct).OfType<SlurmJob>().LastOrDefault(j => j.JobId == jobId);
    }

    private async Task ScancelAsync(string jobId, IReadOnlyList<string> flags, CancellationToken cancellationToken)
    {
        var result = await _cli.RunOnceAsync("scancel", [.. flags, jobId], cancellationToken).ConfigureAwait(false);
        // A job that ended meanwhile is not an error; anything else is.
        if (result.ExitCode != 0 && !result.Stderr.Contains("already complet", StringComparison.OrdinalIgnoreCase)
            && !result.Stderr.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase))
            throw new SlurmException($"scancel {string.Join(' ', flags)} {jobId}", result.ExitCode, result.Stderr);
    }
}
