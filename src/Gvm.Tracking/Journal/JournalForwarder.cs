using Gvm.Core.Metrics;
using Gvm.Tracking.Mlflow;
using Gvm.Tracking.Stores;
using Gvm.Tracking.Tracking;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gvm.Tracking.Journal;

/// <summary>What one forwarding pass sent, and how many damaged journal lines it skipped (only when told to).</summary>
public sealed record ForwardResult(long Points, int Batches, int RunsStarted, int RunsEnded, int Artifacts)
{
    public int SkippedBadLines { get; init; }
}

/// <summary>
/// Replays a sweep's journal into a tracking store, in order and exactly once: a cursor per target URI
/// (<see cref="PushState"/>) advances after each successful request. Used by the background sender and by
/// <c>gvm mlflow push</c>; only one forwarder per sweep and URI runs at a time (a lock file next to the cursor).
/// A request whose answer was lost is sent again after a crash; its points carry the same timestamps, which
/// MLflow's SQL store drops as duplicates (spec §9 "Idempotency"). Artifact files advance the cursor one file at a
/// time, so a push never uploads a file twice once its upload was answered (a file whose answer was lost is uploaded
/// again, which replaces it). A journal line that is not a record stops the pass there with a
/// <see cref="JournalFormatException"/> (file, line, count) unless <paramref name="skipBadLines"/>, which skips it with
/// a warning: never silently.
/// </summary>
public sealed class JournalForwarder(string sweepDir, ITrackingStore store, ILogger? logger = null, bool skipBadLines = false)
{
    private readonly ExperimentTracker _tracker = new(store);
    private readonly string _statePath = JournalPaths.PushState(sweepDir, store.DisplayUri);
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private readonly bool _skipBadLines = skipBadLines;

    public string SweepDir { get; } = sweepDir;

    /// <summary>Forwards everything journaled so far. Throws on store failures; the cursor keeps what was sent.</summary>
    public async Task<ForwardResult> ForwardAsync(CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_statePath)!);
        FileStream gate;
        try
        {
            gate = new FileStream(_statePath + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (IOException e)
        {
            throw new IOException($"another process is forwarding {SweepDir} to {store.DisplayUri} (lock {_statePath}.lock)", e);
        }
        await using (gate)
        {
            var state = PushState.Load(_statePath, store.DisplayUri);
            var pass = new Pass(this, state);
            await pass.SweepAsync(untilFirstNonStart: true, cancellationToken).ConfigureAwait(false);
            foreach (var file in JournalReader.RunFiles(SweepDir))
                await pass.RunAsync(file, cancellationToken).ConfigureAwait(false);
            await pass.SweepAsync(untilFirstNonStart: false, cancellationToken).ConfigureAwait(false);
            return pass.Result();
        }
    }

    private sealed class Pass(JournalForwarder owner, PushState state)
    {
        private long _points;
        private int _batches, _started, _ended, _artifacts;
        private bool _noProxyLogged;

        private int _skipped;
        /// <summary>The first bad line met (not skipping): the pass sends what came before it, then stops there.</summary>
        private JournalBadLine? _stopAt;

        public ForwardResult Result() => new(_points, _batches, _started, _ended, _artifacts) { SkippedBadLines = _skipped };

        private void StopIfBad()
        {
            if (_stopAt is { } bad) throw JournalReader.Refuse(JournalReader.BadLines(bad.File, bad.Offset));
        }

        private void OnBadLine(JournalBadLine bad)
        {
            if (!owner._skipBadLines)
            {
                _stopAt ??= bad;
                return;
            }
            _skipped++;
            Log.BadLineSkipped(owner._logger, bad.File, bad.Line, bad.Error);
        }

        private void Save() => state.Save(owner._statePath);

        /// <summary>sweep.jsonl: the experiment and parent run first; artifacts and the parent's end after the runs.</summary>
        public async Task SweepAsync(bool untilFirstNonStart, CancellationToken ct)
        {
            foreach (var (r, offset, next) in JournalReader.Read(JournalPaths.Sweep(owner.SweepDir), state.SweepOffset, OnBadLine))
            {
                StopIfBad();
                if (untilFirstNonStart && r.Type != JournalRecordTypes.Sweep) return;
                switch (r.Type)
                {
                    case JournalRecordTypes.Sweep:
                        var experiment = await owner._tracker.GetOrCreateExperimentAsync(r.Experiment ?? "Default", ct).ConfigureAwait(false);
                        state.ExperimentId = experiment.ExperimentId;
                        if (r.Key is not null)
                        {
                            var parent = await owner._tracker.StartRunAsync(experiment.ExperimentId,
                                new RunStart(r.Key, r.Name ?? r.Key, r.Time, r.Tags, r.Params), ct).ConfigureAwait(false);
                            if (parent.Status != MlflowRunStatus.Running)
                                await owner.Store.UpdateRunAsync(parent.RunId, MlflowRunStatus.Running, null, ct).ConfigureAwait(false);
                            (state.ParentKey, state.ParentRunId, state.ParentArtifactUri) = (r.Key, parent.RunId, parent.ArtifactUri);
                            _started++;
                        }
                        break;
                    case JournalRecordTypes.Artifacts when state.ParentRunId is not null && r.Dir is not null:
                        var artifactUri = state.ParentArtifactUri
                            ?? (await owner.Store.FindRunByTagAsync(state.ExperimentId!, TrackingKeys.RunKey, state.ParentKey!, ct).ConfigureAwait(false))?.ArtifactUri;
                        if (artifactUri is null) break;
                        await UploadAsync(state.ParentRunId, artifactUri, r, offset == state.SweepOffset ? state.SweepSkip : 0, done =>
                        {
                            (state.SweepOffset, state.SweepSkip) = (offset, done);
                            Save();
                        }, ct).ConfigureAwait(false);
                        break;
                    case JournalRecordTypes.SweepEnd when state.ParentRunId is not null:
                        await owner._tracker.EndRunAsync(state.ParentRunId, MlflowRunStatusNames.Parse(r.Status ?? "FINISHED"), r.Time, ct).ConfigureAwait(false);
                        _ended++;
                        break;
                }
                (state.SweepOffset, state.SweepSkip) = (next, 0);
                Save();
            }
            StopIfBad();
        }

        /// <summary>One run's journal: start, metrics in batches of up to 1000, end; the cursor moves after each request.</summary>
        public async Task RunAsync(string file, CancellationToken ct)
        {
            var name = Path.GetFileName(file);
            if (!state.Runs.TryGetValue(name, out var cursor)) state.Runs[name] = cursor = new RunCursor();
            var buffer = new List<MetricPoint>(LogBatchChunker.MaxMetrics);
            long afterOffset = cursor.Offset;
            var afterSkip = cursor.Skip;

            async Task FlushAsync()
            {
                if (buffer.Count == 0) return;
                await owner.Store.LogBatchAsync(cursor.RunId!, buffer, [], [], ct).ConfigureAwait(false);
                _points += buffer.Count;
                _batches++;
                buffer.Clear();
                (cursor.Offset, cursor.Skip) = (afterOffset, afterSkip);
                Save();
            }

            foreach (var (r, offset, next) in JournalReader.Read(file, cursor.Offset, OnBadLine))
            {
                if (_stopAt is not null)
                {
                    await FlushAsync().ConfigureAwait(false); // the points before the bad line go; the cursor stops before it
                    StopIfBad();
                }
                if (r.Type == JournalRecordTypes.Metrics)
                {
                    if (cursor.RunId is null) throw new InvalidDataException($"{file}: metrics at byte {offset} before the run's start record");
                    var from = offset == cursor.Offset ? cursor.Skip : 0;
                    for (var i = from; i < r.Points.Count; i++)
                    {
                        buffer.Add(r.Points[i]);
                        (afterOffset, afterSkip) = i + 1 == r.Points.Count ? (next, 0) : (offset, i + 1);
                        if (buffer.Count == LogBatchChunker.MaxMetrics) await FlushAsync().ConfigureAwait(false);
                    }
                    if (r.Points.Count == 0) (afterOffset, afterSkip) = (next, 0);
                    continue;
                }
                await FlushAsync().ConfigureAwait(false);
                if (r.Type == JournalRecordTypes.Artifacts)
                {
                    // Everything before this record is sent: from here the cursor counts uploaded files.
                    if (cursor.RunId is null || cursor.ArtifactUri is null) throw new InvalidDataException($"{file}: artifacts at byte {offset} before the run's start record");
                    if (r.Dir is not null)
                    {
                        await UploadAsync(cursor.RunId, cursor.ArtifactUri, r, offset == cursor.Offset ? cursor.Skip : 0, done =>
                        {
                            (cursor.Offset, cursor.Skip) = (offset, done);
                            Save();
                        }, ct).ConfigureAwait(false);
                    }
                }
                else
                {
                    await RecordAsync(file, r, cursor, ct).ConfigureAwait(false);
                }
                (cursor.Offset, cursor.Skip, afterOffset, afterSkip) = (next, 0, next, 0);
                Save();
            }
            await FlushAsync().ConfigureAwait(false);
            StopIfBad(); // a bad last line
        }

        /// <summary>
        /// Uploads the files of an artifacts record from index <paramref name="from"/> on, calling
        /// <paramref name="uploaded"/> with the count done after each, so the cursor skips them on the next pass.
        /// A file that is gone is skipped with a warning; a store that holds no artifacts ends the record (warned once).
        /// </summary>
        private async Task UploadAsync(string runId, string artifactUri, JournalRecord r, int from, Action<int> uploaded, CancellationToken ct)
        {
            var files = r.Files.Count > 0 ? r.Files : ExperimentTracker.FilesUnder(r.Dir!);
            for (var i = from; i < files.Count; i++)
            {
                var local = Path.Combine(r.Dir!, files[i]);
                if (!File.Exists(local))
                {
                    Log.ArtifactMissing(owner._logger, local);
                }
                else if (!await owner.Store.LogArtifactAsync(runId, artifactUri, files[i], local, ct).ConfigureAwait(false))
                {
                    if (!_noProxyLogged) Log.NoArtifactProxy(owner._logger, owner.Store.DisplayUri, artifactUri);
                    _noProxyLogged = true;
                    return;
                }
                else
                {
                    _artifacts++;
                }
                uploaded(i + 1);
            }
        }

        private async Task RecordAsync(string file, JournalRecord r, RunCursor cursor, CancellationToken ct)
        {
            switch (r.Type)
            {
                case JournalRecordTypes.RunStart:
                    if (state.ExperimentId is null)
                    {
                        // A journal without a sweep record (a tracker used without StartSweepAsync): one experiment per sweep directory.
                        var name = Path.GetFileName(Path.GetFullPath(owner.SweepDir).TrimEnd(Path.DirectorySeparatorChar));
                        state.ExperimentId = (await owner._tracker.GetOrCreateExperimentAsync(name, ct).ConfigureAwait(false)).ExperimentId;
                    }
                    var parentId = r.Parent is not null && r.Parent == state.ParentKey ? state.ParentRunId : null;
                    var run = await owner._tracker.StartRunAsync(state.ExperimentId,
                        new RunStart(r.Key ?? Path.GetFileNameWithoutExtension(file), r.Name ?? r.Key ?? "run", r.Time, r.Tags, r.Params, parentId), ct).ConfigureAwait(false);
                    if (run.Status != MlflowRunStatus.Running)
                        await owner.Store.UpdateRunAsync(run.RunId, MlflowRunStatus.Running, null, ct).ConfigureAwait(false); // restarted after an end
                    (cursor.RunId, cursor.ArtifactUri) = (run.RunId, run.ArtifactUri);
                    _started++;
                    break;
                case JournalRecordTypes.RunEnd:
                    if (cursor.RunId is null) throw new InvalidDataException($"{file}: end record before the run's start record");
                    await owner._tracker.EndRunAsync(cursor.RunId, MlflowRunStatusNames.Parse(r.Status ?? "FINISHED"), r.Time, ct).ConfigureAwait(false);
                    _ended++;
                    break;
            }
        }
    }

    private ITrackingStore Store => _tracker.Store;
}
