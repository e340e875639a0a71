using System.Security.Cryptography;
using System.Text;
using Gvm.Core.Metrics;
using Gvm.Tracking.Journal;
using Gvm.Tracking.Mlflow;
using Gvm.Tracking.Tracking;

namespace Gvm.Tracking.Export;

/// <summary>Choices of an export; the defaults give a stable tree (same journal → same ids and bytes, apart from the Default experiment's time).</summary>
public sealed record MlrunsExportOptions
{
    /// <summary>Export although some journal lines are not records (they are counted in the result); else refuse before writing.</summary>
    public bool SkipBadLines { get; init; }
    /// <summary>URI written as the artifact root (default: the target folder as a file:// URI).</summary>
    public string? RootUri { get; init; }
    /// <summary>Creation time of the Default experiment <c>0</c> when it is created (default: now).</summary>
    public long? DefaultExperimentTime { get; init; }
    /// <summary>Experiment id for an experiment name (default: 18 digits from its SHA-256).</summary>
    public Func<string, string>? ExperimentIdFor { get; init; }
    /// <summary>Run id for a run key (default: 32 hex digits from SHA-256 of experiment name and key).</summary>
    public Func<string, string>? RunIdFor { get; init; }
    /// <summary>Write <c>run_uuid</c> too, which MLflow 2.x readers need (3.x ignores it).</summary>
    public bool IncludeRunUuid { get; init; } = true;
}

/// <summary>What an export wrote.</summary>
public sealed record MlrunsExportResult(string ExperimentId, string ExperimentName, int Runs, long MetricPoints, int ArtifactFiles)
{
    /// <summary>Journal lines that were not records and were skipped (only with <see cref="MlrunsExportOptions.SkipBadLines"/>).</summary>
    public IReadOnlyList<JournalBadLine> SkippedBadLines { get; init; } = [];
}

/// <summary>
/// <c>gvm mlflow export</c>: turns a sweep's journal into an <c>mlruns</c> tree MLflow 2.x/3.x can open
/// (<c>MLFLOW_ALLOW_FILE_STORE=true mlflow ui --backend-store-uri DIR</c>). The experiment's folder is rewritten
/// whole, so exporting again replaces it. Metric lines are streamed: memory does not grow with the journal. Artifacts
/// (the parent's report, each child run's final files) are copied into the runs' <c>artifacts/</c> folders.
/// </summary>
public static class MlrunsExporter
{
    public static MlrunsExportResult Export(string sweepDir, string toDir, MlrunsExportOptions? options = null)
    {
        options ??= new MlrunsExportOptions();
        // Every journal line checked before anything is written: a damaged line is reported, never dropped silently.
        var bad = new[] { JournalPaths.Sweep(sweepDir) }.Concat(JournalReader.RunFiles(sweepDir)).Where(File.Exists)
            .SelectMany(f => JournalReader.BadLines(f)).ToList();
        if (bad.Count > 0 && !options.SkipBadLines) throw JournalReader.Refuse(bad, "nothing was exported");
        void Skip(JournalBadLine _) { } // counted above
        var root = Path.GetFullPath(toDir);
        var writer = new MlrunsWriter(root, options.RootUri ?? new Uri(root).AbsoluteUri, options.IncludeRunUuid);
        writer.EnsureRoot(options.DefaultExperimentTime ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

        var sweep = JournalReader.Read(JournalPaths.Sweep(sweepDir), 0, Skip).Select(e => e.Record).ToList();
        var start = sweep.FirstOrDefault(r => r.Type == JournalRecordTypes.Sweep);
        var runFiles = JournalReader.RunFiles(sweepDir);
        var name = start?.Experiment ?? Path.GetFileName(Path.GetFullPath(sweepDir).TrimEnd(Path.DirectorySeparatorChar));
        var created = start?.Time ?? runFiles.SelectMany(f => JournalReader.Read(f, 0, Skip).Take(1)).Select(e => e.Record.Time).DefaultIfEmpty(0).Min();
        var experimentId = (options.ExperimentIdFor ?? DefaultExperimentId)(name);
        string RunId(string key) => (options.RunIdFor ?? (k => DefaultRunId(name, k)))(key);

        if (Directory.Exists(writer.ExperimentDir(experimentId))) Directory.Delete(writer.ExperimentDir(experimentId), recursive: true);
        writer.WriteExperiment(experimentId, name, created);

        var runs = 0;
        long points = 0;
        var artifacts = 0;
        string? parentId = null;
        if (start?.Key is { } parentKey)
        {
            parentId = RunId(parentKey);
            var end = sweep.LastOrDefault(r => r.Type == JournalRecordTypes.SweepEnd);
            var tags = Merge(start.Tags, [new(TrackingKeys.RunName, start.Name ?? parentKey)]);
            writer.WriteRun(experimentId, ToRun(parentId, start.Name ?? parentKey, start.Time, end, start.Params, tags));
            foreach (var dir in sweep.Where(r => r.Type == JournalRecordTypes.Artifacts && Directory.Exists(r.Dir)).Select(r => r.Dir!))
                artifacts += CopyTree(dir, Path.Combine(writer.RunDir(experimentId, parentId), "artifacts"));
            runs++;
        }
        foreach (var file in runFiles)
        {
            var (runPoints, runArtifacts) = ExportRun(writer, experimentId, file, start?.Key, parentId, RunId);
            points += runPoints;
            artifacts += runArtifacts;
            runs++;
        }
        return new MlrunsExportResult(experimentId, name, runs, points, artifacts) { SkippedBadLines = bad };
    }

    /// <summary>One run journal: meta, params, tags, metric files, and the files of its artifacts records (latest wins).</summary>
    private static (long Points, int Artifacts) ExportRun(MlrunsWriter writer, string experimentId, string file, string? parentKey, string? parentId,
        Func<string, string> runIdFor)
    {
        JournalRecord? first = null, end = null;
        var artifactFiles = new Dictionary<string, string>(StringComparer.Ordinal); // relative path → local file
        string? runId = null;
        var tags = new List<KeyValuePair<string, string>>();
        var parameters = new List<KeyValuePair<string, string>>();
        var metricFiles = new Dictionary<string, StreamWriter>(StringComparer.Ordinal);
        long points = 0;
        try
        {
            foreach (var (r, _, _) in JournalReader.Read(file, 0, _ => { }))
            {
                switch (r.Type)
                {
                    case JournalRecordTypes.RunStart:
                        first ??= r;
                        runId ??= runIdFor(r.Key ?? Path.GetFileNameWithoutExtension(file));
                        end = null; // a restart reopens the run
                        tags = Merge(tags, r.Tags);
                        parameters = Merge(parameters, r.Params);
                        break;
                    case JournalRecordTypes.Metrics when runId is not null:
                        foreach (var p in r.Points)
                        {
                            if (!metricFiles.TryGetValue(p.Key, out var w))
                            {
                                var path = writer.MetricFile(experimentId, runId, p.Key);
                                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                                metricFiles[p.Key] = w = new StreamWriter(path, append: false, new UTF8Encoding(false)) { NewLine = "\n" };
                            }
                            w.Write(MlrunsWriter.MetricLine(p));
                            points++;
                        }
                        break;
                    case JournalRecordTypes.RunEnd:
                        end = r;
                        break;
                    case JournalRecordTypes.Artifacts when r.Dir is not null:
                        foreach (var relative in r.Files.Count > 0 ? r.Files : ExperimentTracker.FilesUnder(r.Dir))
                            artifactFiles[relative] = Path.Combine(r.Dir, relative);
                        break;
                }
            }
        }
        finally
        {
            foreach (var w in metricFiles.Values) w.Dispose();
        }
        if (first is null || runId is null) return (points, 0);
        var name = first.Name ?? first.Key ?? runId;
        var system = new List<KeyValuePair<string, string>> { new(TrackingKeys.RunName, name) };
        if (parentId is not null && first.Parent == parentKey) system.Add(new(TrackingKeys.ParentRunId, parentId));
        writer.WriteRun(experimentId, ToRun(runId, name, first.Time, end, parameters, Merge(tags, system)));
        var artifactsDir = Path.Combine(writer.RunDir(experimentId, runId), "artifacts");
        var copied = 0;
        foreach (var (relative, local) in artifactFiles.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (!File.Exists(local)) continue; // removed since the run ended: the export carries what is left
            var target = Path.Combine(artifactsDir, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(local, target, overwrite: true);
            copied++;
        }
        return (points, copied);
    }

    private static MlrunsRun ToRun(string runId, string name, long startTime, JournalRecord? end,
        IReadOnlyList<KeyValuePair<string, string>> parameters, List<KeyValuePair<string, string>> tags) =>
        new(runId, name, tags.LastOrDefault(t => t.Key == TrackingKeys.User).Value ?? "unknown", startTime, end?.Time,
            end is null ? MlflowRunStatus.Running : MlflowRunStatusNames.Parse(end.Status ?? "FINISHED"),
            parameters.Select(p => new KeyValuePair<string, string>(p.Key, TrackingKeys.CutParam(p.Value))).ToList(),
            tags.Select(t => new KeyValuePair<string, string>(t.Key, TrackingKeys.CutTag(t.Value))).ToList());

    /// <summary>Later values win; first-seen order is kept.</summary>
    private static List<KeyValuePair<string, string>> Merge(IEnumerable<KeyValuePair<string, string>> a, IEnumerable<KeyValuePair<string, string>> b)
    {
        var list = new List<KeyValuePair<string, string>>();
        foreach (var kv in a.Concat(b))
        {
            var i = list.FindIndex(x => x.Key == kv.Key);
            if (i >= 0) list[i] = kv;
            else list.Add(kv);
        }
        return list;
    }

    private static int CopyTree(string from, string to)
    {
        var n = 0;
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
            n++;
        }
        return n;
    }

    /// <summary>18 decimal digits without a leading zero (MLflow's FileStore id shape; ≤ 18 digits so migrate-filestore can int() it).</summary>
    public static string DefaultExperimentId(string name)
    {
        var h = BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes(name)), 0);
        return (100_000_000_000_000_000UL + h % 900_000_000_000_000_000UL).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>32 lowercase hex digits (uuid4().hex shape).</summary>
    public static string DefaultRunId(string experiment, string runKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{experiment}\n{runKey}")))[..32];
}
