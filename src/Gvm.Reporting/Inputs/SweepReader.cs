using System.Text.Json;
using Gvm.Core;
using Gvm.Core.Runs;
using Gvm.Core.Sweeps;

namespace Gvm.Reporting.Inputs;

/// <summary>
/// Reads SWEEP_DIR/plan.json, the ledger (state, attempts, exit code of each run) and each run directory (spec.json,
/// status.json, result.json, metrics.jsonl, allocations.jsonl, pass_rates.jsonl; train.log's last line for failed runs). Missing run files are normal (the run has not started
/// or is still going); malformed ones throw <see cref="ReportInputException"/>. What a run wrote itself wins over the
/// ledger; the ledger tells the state of runs that wrote nothing (pending, failed to start, cancelled).
/// </summary>
public static class SweepReader
{
    // Files written by other components may gain fields before this build knows them: read them leniently
    // (the trainer validates specs strictly; the report only compares them).
    private static readonly JsonSerializerOptions Lenient = new(GvmJson.Options)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip,
    };

    public static async Task<SweepData> ReadAsync(string sweepDir, CancellationToken cancellationToken = default)
    {
        var planPath = Path.Combine(sweepDir, SweepLayout.PlanFile);
        if (!File.Exists(planPath)) throw new ReportInputException(planPath, 0, "", "not found (is this a sweep directory?)");
        var plan = await ReadJsonAsync<SweepPlan>(planPath, cancellationToken).ConfigureAwait(false)
            ?? throw new ReportInputException(planPath, 0, "", "the document is null");

        var ledger = LedgerFile.Read(sweepDir);
        var runs = new Dictionary<string, RunRecord>(StringComparer.Ordinal);
        // The serializer's null checks stop at properties: a null element of a list ("runs": [null]) gets through.
        if (plan.Pairs.Any(p => p is null)) throw new ReportInputException(planPath, 0, "pairs[]", "must be an object, got null");
        foreach (var planned in plan.Runs)
        {
            if (planned is null) throw new ReportInputException(planPath, 0, "runs[]", "must be an object, got null");
            if (string.IsNullOrEmpty(planned.RunId)) throw new ReportInputException(planPath, 0, "runs[].run_id", "must not be empty");
            runs[planned.RunId] = await ReadRunAsync(sweepDir, planned, ledger.GetValueOrDefault(planned.RunId), cancellationToken).ConfigureAwait(false);
        }
        return new SweepData(sweepDir, plan, runs);
    }

    public static async Task<RunRecord> ReadRunAsync(string sweepDir, PlannedRun planned, LedgerEntry? ledger = null,
        CancellationToken cancellationToken = default)
    {
        var dir = SweepLayout.RunDir(sweepDir, planned.RunId);
        var spec = planned.Spec;
        var specPath = Path.Combine(dir, RunFiles.Spec);
        if (File.Exists(specPath))
            spec = await ReadJsonAsync<RunSpec>(specPath, cancellationToken).ConfigureAwait(false) ?? spec;

        var result = await ReadJsonAsync<RunResult>(Path.Combine(dir, RunFiles.Result), cancellationToken).ConfigureAwait(false);
        var status = await ReadJsonAsync<RunStatus>(Path.Combine(dir, RunFiles.Status), cancellationToken).ConfigureAwait(false);
        var metricsPath = Path.Combine(dir, RunFiles.Metrics);
        var allocPath = Path.Combine(dir, RunFiles.Allocations);
        var passPath = Path.Combine(dir, RunFiles.PassRates);
        var record = new RunRecord
        {
            Planned = planned,
            Spec = spec,
            State = result?.State ?? status?.State ?? ledger?.State ?? "not started",
            Result = result,
            Ledger = ledger,
            StatusMessage = status?.Message,
            Metrics = File.Exists(metricsPath) ? await MetricsJournal.ReadAsync(metricsPath, cancellationToken).ConfigureAwait(false) : [],
            Allocations = File.Exists(allocPath) ? await AllocationsJournal.ReadAsync(allocPath, cancellationToken).ConfigureAwait(false) : [],
            PassRates = File.Exists(passPath) ? await PassRatesJournal.ReadAsync(passPath, cancellationToken).ConfigureAwait(false) : [],
        };
        return record.Failed ? record with { LogLastLine = LastLine(Path.Combine(dir, RunFiles.Log)) } : record;
    }

    /// <summary>The last non-empty line of a text file, from its last 8 KiB (logs can be large); null when absent.</summary>
    public static string? LastLine(string path)
    {
        if (!File.Exists(path)) return null;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var length = (int)Math.Min(stream.Length, 8192);
        stream.Seek(-length, SeekOrigin.End);
        var buffer = new byte[length];
        stream.ReadExactly(buffer);
        var text = System.Text.Encoding.UTF8.GetString(buffer);
        return text.Split('\n').Select(l => l.TrimEnd('\r').Trim()).LastOrDefault(l => l.Length > 0);
    }

    private static async Task<T?> ReadJsonAsync<T>(string path, CancellationToken cancellationToken) where T : class
    {
        if (!File.Exists(path)) return null;
        try
        {
            await using var stream = File.OpenRead(path);
            return await JsonSerializer.DeserializeAsync<T>(stream, Lenient, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw new ReportInputException(path, (int)(e.LineNumber ?? -1) + 1, e.Path ?? "", e.Message, e);
        }
    }
}
