using System.Data;

namespace Gvm.Core.Sweeps;

/// <summary>What the orchestrator's ledger says of one run: its state, attempts, last exit code and message.</summary>
public sealed record LedgerEntry(string State, int Attempts, int? ExitCode, string? Message);

/// <summary>
/// The one home of SWEEP_DIR/ledger.db's schema (<see cref="SweepLayout.LedgerFile"/>, SQLite): its tables, the run
/// state names and the read view other projects query. The orchestrator's ledger creates it (<see cref="Create"/>) and
/// writes it; a report reads it through <see cref="EntriesQuery"/> and <see cref="ReadEntry"/> (ADO.NET, so Core needs
/// no SQLite dependency).
/// </summary>
public static class LedgerSchema
{
    /// <summary>Tables: <c>runs</c> (one row per run) and <c>events</c> (an append-only log of state changes).</summary>
    public const string Create = """
        CREATE TABLE IF NOT EXISTS runs(
          run_id TEXT PRIMARY KEY, name TEXT NOT NULL, stage TEXT NOT NULL, state TEXT NOT NULL,
          attempts INTEGER NOT NULL DEFAULT 0, failures INTEGER NOT NULL DEFAULT 0, exit_code INTEGER,
          launcher TEXT, handle TEXT, gpus TEXT NOT NULL DEFAULT '', tracking_id TEXT,
          started_at TEXT, ended_at TEXT, retry_at TEXT, message TEXT,
          metrics_offset INTEGER NOT NULL DEFAULT 0, updated_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS events(
          id INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT NOT NULL, at TEXT NOT NULL,
          from_state TEXT, to_state TEXT NOT NULL, attempt INTEGER NOT NULL, detail TEXT);
        """;

    /// <summary>The values of <c>runs.state</c> (and of <c>events.from_state</c>, <c>events.to_state</c>).</summary>
    public static class States
    {
        public const string Pending = "pending";
        public const string Running = "running";
        public const string Succeeded = "succeeded";
        public const string Failed = "failed";
        public const string Cancelled = "cancelled";
    }

    /// <summary>The read view of a report: run id, state, attempts, exit code, message per run (see <see cref="ReadEntry"/>).</summary>
    public const string EntriesQuery = "SELECT run_id, state, attempts, exit_code, message FROM runs";

    /// <summary>One row of <see cref="EntriesQuery"/>: the run id and its entry.</summary>
    public static (string RunId, LedgerEntry Entry) ReadEntry(IDataRecord r) =>
        (r.GetString(0), new LedgerEntry(r.GetString(1), r.GetInt32(2), r.IsDBNull(3) ? null : r.GetInt32(3), r.IsDBNull(4) ? null : r.GetString(4)));
}
