using Gvm.Core.Metrics;
using Gvm.Tracking.Mlflow;
using Gvm.Tracking.Stores;
using Gvm.Tracking.Tracking;

namespace Gvm.Tracking.Journal;

/// <summary>What one forwarding pass sent.</summary>
public sealed record ForwardResult(long Points, int Batches, int RunsStarted, int RunsEnded, int Artifacts);

/// <summary>
/// Replays a sweep's journal into a tracking store, in order and exactly once: a cursor per target URI
/// (<see cref="PushState"/>) advances after each successful request. Used by the background sender and by
/// <c>gvm mlflow push</c>; only one forwarder per sweep and URI runs at a time (a lock file next to the cursor).
/// A request whose answer was lost is sent again after a crash; its points carry the same timestamps, which
/// MLflow's SQL store drops as duplicates (spec §9 "Idempotency").
/// </summary>
public sealed class JournalForwarder(string sweepDir, ITrackingStore store)
{
    private readonly ExperimentTracker _tracker = new(store);
    private readonly string _statePath = JournalPaths.PushState(sweepDir, store.DisplayUri);

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

        public ForwardResult Result() => new(_points, _batches, _started, _ended, _artifacts);

        private void Save() => state.Save(owner._statePath);

        /// <summary>sweep.jsonl: the experiment and parent run first; artifacts and the parent's end after the runs.</summary>
        public async Task SweepAsync(bool untilFirstNonStart, CancellationToken ct)
        {
            foreach (var (r, _, next) in JournalReader.Read(JournalPaths.Sweep(owner.SweepDir), state.SweepOffset))
            {
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
                        var run = await owner.Store.FindRunByTagAsync(state.ExperimentId!, TrackingKeys.RunKey, state.ParentKey!, ct).ConfigureAwait(false);
                        if (run is not null) _artifacts += await owner._tracker.LogArtifactsAsync(run, r.Dir, ct).ConfigureAwait(false);
                        break;
                    case JournalRecordTypes.SweepEnd when state.ParentRunId is not null:
                        await owner._tracker.EndRunAsync(state.ParentRunId, MlflowRunStatusNames.Parse(r.Status ?? "FINISHED"), r.Time, ct).ConfigureAwait(false);
                        _ended++;
                        break;
                }
                state.SweepOffset = next;
                Save();
            }
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

            foreach (var (r, offset, next) in JournalReader.Read(file, cursor.Offset))
            {
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
                await RecordAsync(file, r, cursor, ct).ConfigureAwait(false);
                (cursor.Offset, cursor.Skip, afterOffset, afterSkip) = (next, 0, next, 0);
                Save();
            }
            await FlushAsync().ConfigureAwait(false);
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
