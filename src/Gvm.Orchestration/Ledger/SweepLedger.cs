using System.Globalization;
using Gvm.Core.Sweeps;
using Microsoft.Data.Sqlite;

namespace Gvm.Orchestration.Ledger;

/// <summary>
/// The sweep's SQLite ledger (SWEEP_DIR/ledger.db): one row per run plus an append-only event log, one transaction
/// per change. WAL journal with synchronous=NORMAL: a committed transaction is in the WAL file (OS page cache) before
/// COMMIT returns, so a kill -9 of the orchestrator at any moment leaves the last committed state; only an OS crash or
/// power loss could drop the latest transactions (https://www.sqlite.org/pragma.html#pragma_synchronous), and FULL's
/// fsync per change cost about 3 points of scheduling overhead in <c>gvm bench scheduler</c>.
/// Thread-safe (one connection behind a lock).
/// </summary>
public sealed class SweepLedger : IDisposable
{
    private readonly SqliteConnection _db;
    private readonly Lock _gate = new();

    private SweepLedger(SqliteConnection db) => _db = db;

    public static SweepLedger Open(string sweepDir)
    {
        Directory.CreateDirectory(sweepDir);
        var path = Path.Combine(sweepDir, SweepLayout.LedgerFile);
        var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        try
        {
            db.Open();
            Exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;");
            Exec(db, LedgerSchema.Create);
        }
        catch (SqliteException e)
        {
            db.Dispose();
            throw new LedgerException($"{path}: cannot open the ledger: {e.Message}", e);
        }
        return new SweepLedger(db);
    }

    /// <summary>
    /// Adds a pending row for every planned run not yet in the ledger, and (a new invocation) gives failed and
    /// cancelled runs another chance with a fresh retry budget. Succeeded and running rows are left alone.
    /// </summary>
    public void SyncPlan(SweepPlan plan)
    {
        lock (_gate)
        {
            using var tx = _db.BeginTransaction();
            var now = Now();
            foreach (var run in plan.Runs)
            {
                Exec(_db, """
                    INSERT INTO runs(run_id, name, stage, state, updated_at) VALUES($id, $name, $stage, $state, $now)
                    ON CONFLICT(run_id) DO NOTHING
                    """, tx, ("$id", run.RunId), ("$name", run.Name), ("$stage", run.Stage), ("$state", RunState.Pending.ToName()), ("$now", now));
            }
            foreach (var row in ReadAll(tx).Where(r => r.State is RunState.Failed or RunState.Cancelled))
            {
                Exec(_db, "UPDATE runs SET state=$state, failures=0, retry_at=NULL, updated_at=$now WHERE run_id=$id",
                    tx, ("$id", row.RunId), ("$state", RunState.Pending.ToName()), ("$now", now));
                Event(tx, row.RunId, row.State, RunState.Pending, row.Attempts, "sweep started again");
            }
            tx.Commit();
        }
    }

    public IReadOnlyList<LedgerRow> All()
    {
        lock (_gate) return ReadAll(null);
    }

    public LedgerRow Get(string runId)
    {
        lock (_gate)
        {
            return ReadAll(null, runId).SingleOrDefault() ?? throw new LedgerException($"run {runId} is not in the ledger");
        }
    }

    /// <summary>Moves a run to <paramref name="to"/> in one transaction, checking the transition; <paramref name="update"/> sets other columns.</summary>
    public LedgerRow Transition(string runId, RunState to, string detail, Func<LedgerRow, LedgerRow>? update = null)
    {
        lock (_gate)
        {
            using var tx = _db.BeginTransaction();
            var row = ReadAll(tx, runId).SingleOrDefault() ?? throw new LedgerException($"run {runId} is not in the ledger");
            if (!RunStates.CanMove(row.State, to))
                throw new LedgerException($"run {runId}: illegal transition {row.State.ToName()} → {to.ToName()}");
            var next = (update?.Invoke(row) ?? row) with { State = to };
            Write(tx, next);
            Event(tx, runId, row.State, to, next.Attempts, detail);
            tx.Commit();
            return next;
        }
    }

    /// <summary>Updates columns without changing the state (launcher handle, metrics offset).</summary>
    public LedgerRow Update(string runId, Func<LedgerRow, LedgerRow> update)
    {
        lock (_gate)
        {
            using var tx = _db.BeginTransaction();
            var row = ReadAll(tx, runId).SingleOrDefault() ?? throw new LedgerException($"run {runId} is not in the ledger");
            var next = update(row) with { State = row.State };
            Write(tx, next);
            tx.Commit();
            return next;
        }
    }

    /// <summary>The event log of a run (from state, to state, attempt), oldest first.</summary>
    public IReadOnlyList<(string? From, string To, int Attempt, string? Detail)> Events(string runId)
    {
        lock (_gate)
        {
            using var cmd = _db.CreateCommand();
            cmd.CommandText = "SELECT from_state, to_state, attempt, detail FROM events WHERE run_id=$id ORDER BY id";
            cmd.Parameters.AddWithValue("$id", runId);
            using var r = cmd.ExecuteReader();
            var list = new List<(string?, string, int, string?)>();
            while (r.Read()) list.Add((r.IsDBNull(0) ? null : r.GetString(0), r.GetString(1), r.GetInt32(2), r.IsDBNull(3) ? null : r.GetString(3)));
            return list;
        }
    }

    public void Dispose() => _db.Dispose();

    private void Write(SqliteTransaction tx, LedgerRow r) =>
        Exec(_db, """
            UPDATE runs SET state=$state, attempts=$attempts, failures=$failures, exit_code=$exit, launcher=$launcher,
              handle=$handle, gpus=$gpus, tracking_id=$tracking, started_at=$started, ended_at=$ended, retry_at=$retry,
              message=$message, metrics_offset=$offset, updated_at=$now WHERE run_id=$id
            """, tx,
            ("$id", r.RunId), ("$state", r.State.ToName()), ("$attempts", r.Attempts), ("$failures", r.Failures),
            ("$exit", r.ExitCode), ("$launcher", r.Launcher), ("$handle", r.Handle), ("$gpus", r.Gpus),
            ("$tracking", r.TrackingId), ("$started", Format(r.StartedAt)), ("$ended", Format(r.EndedAt)),
            ("$retry", Format(r.RetryAt)), ("$message", r.Message), ("$offset", r.MetricsOffset), ("$now", Now()));

    private void Event(SqliteTransaction tx, string runId, RunState? from, RunState to, int attempt, string detail) =>
        Exec(_db, "INSERT INTO events(run_id, at, from_state, to_state, attempt, detail) VALUES($id, $at, $from, $to, $attempt, $detail)",
            tx, ("$id", runId), ("$at", Now()), ("$from", from?.ToName()), ("$to", to.ToName()), ("$attempt", attempt), ("$detail", detail));

    private List<LedgerRow> ReadAll(SqliteTransaction? tx, string? runId = null)
    {
        using var cmd = _db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = """
            SELECT run_id, name, stage, state, attempts, failures, exit_code, launcher, handle, gpus, tracking_id,
                   started_at, ended_at, retry_at, message, metrics_offset FROM runs
            """ + (runId is null ? " ORDER BY rowid" : " WHERE run_id=$id");
        if (runId is not null) cmd.Parameters.AddWithValue("$id", runId);
        using var r = cmd.ExecuteReader();
        var rows = new List<LedgerRow>();
        while (r.Read())
        {
            string? S(int i) => r.IsDBNull(i) ? null : r.GetString(i);
            rows.Add(new LedgerRow
            {
                RunId = r.GetString(0), Name = r.GetString(1), Stage = r.GetString(2), State = RunStates.Parse(r.GetString(3)),
                Attempts = r.GetInt32(4), Failures = r.GetInt32(5), ExitCode = r.IsDBNull(6) ? null : r.GetInt32(6),
                Launcher = S(7), Handle = S(8), Gpus = S(9) ?? "", TrackingId = S(10),
                StartedAt = Parse(S(11)), EndedAt = Parse(S(12)), RetryAt = Parse(S(13)), Message = S(14),
                MetricsOffset = r.GetInt64(15),
            });
        }
        return rows;
    }

    private static void Exec(SqliteConnection db, string sql, SqliteTransaction? tx = null, params (string Name, object? Value)[] args)
    {
        using var cmd = db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (n, v) in args) cmd.Parameters.AddWithValue(n, v ?? DBNull.Value);
        cmd.ExecuteNonQuery();
    }

    private static string Now() => Format(DateTimeOffset.UtcNow)!;

    private static string? Format(DateTimeOffset? t) => t?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset? Parse(string? s) =>
        s is null ? null : DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
