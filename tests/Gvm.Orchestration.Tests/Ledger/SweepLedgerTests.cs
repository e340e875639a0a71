using Gvm.Core.Sweeps;
using Gvm.Orchestration.Ledger;

namespace Gvm.Orchestration.Tests.Ledger;

public class SweepLedgerTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"gvm-ledger-{Guid.NewGuid():N}");

    private static SweepPlan Plan(params string[] ids) =>
        new() { Name = "t", Runs = ids.Select(i => new PlannedRun { RunId = i, Name = "run " + i, Stage = "rl" }).ToList() };

    [Fact]
    public void Rows_start_pending_and_move_through_legal_transitions_only()
    {
        using var ledger = SweepLedger.Open(_dir);
        ledger.SyncPlan(Plan("a"));
        Assert.Equal(RunState.Pending, ledger.Get("a").State);
        Assert.Throws<LedgerException>(() => ledger.Transition("a", RunState.Succeeded, "never started"));
        ledger.Transition("a", RunState.Running, "start", r => r with { Attempts = 1, Handle = "123" });
        var done = ledger.Transition("a", RunState.Succeeded, "ok", r => r with { ExitCode = 0 });
        Assert.Equal((RunState.Succeeded, 1, 0, "123"), (done.State, done.Attempts, done.ExitCode, done.Handle));
        Assert.Throws<LedgerException>(() => ledger.Transition("a", RunState.Pending, "no way back"));
        Assert.Equal([("pending", "running"), ("running", "succeeded")],
            ledger.Events("a").Select(e => (e.From!, e.To)).ToList());
    }

    [Fact]
    public void State_survives_reopening_and_a_new_sync_retries_failed_and_cancelled_runs()
    {
        using (var ledger = SweepLedger.Open(_dir))
        {
            ledger.SyncPlan(Plan("a", "b", "c"));
            foreach (var (id, end) in new[] { ("a", RunState.Succeeded), ("b", RunState.Failed), ("c", RunState.Cancelled) })
            {
                ledger.Transition(id, RunState.Running, "start", r => r with { Attempts = 1 });
                ledger.Transition(id, end, "end", r => r with { Failures = 2, MetricsOffset = 42 });
            }
        }
        using var again = SweepLedger.Open(_dir);
        Assert.Equal(42, again.Get("a").MetricsOffset);
        again.SyncPlan(Plan("a", "b", "c", "d"));
        var states = again.All().ToDictionary(r => r.RunId, r => (r.State, r.Failures));
        Assert.Equal((RunState.Succeeded, 2), states["a"]);
        Assert.Equal((RunState.Pending, 0), states["b"]);
        Assert.Equal((RunState.Pending, 0), states["c"]);
        Assert.Equal((RunState.Pending, 0), states["d"]);
        Assert.True(File.Exists(Path.Combine(_dir, "ledger.db-wal")) || File.Exists(Path.Combine(_dir, "ledger.db")));
    }

    [Fact]
    public void Transition_table_matches_the_state_machine()
    {
        Assert.True(RunStates.CanMove(RunState.Running, RunState.Pending)); // retry / restart
        Assert.True(RunStates.CanMove(RunState.Pending, RunState.Cancelled)); // blocked by a failed need
        Assert.False(RunStates.CanMove(RunState.Pending, RunState.Succeeded));
        Assert.False(RunStates.CanMove(RunState.Succeeded, RunState.Running));
        Assert.Throws<LedgerException>(() => RunStates.Parse("done"));
    }

    [Fact]
    public void The_schema_read_view_sees_what_the_ledger_wrote_and_every_state_has_its_schema_name()
    {
        using (var ledger = SweepLedger.Open(_dir))
        {
            ledger.SyncPlan(Plan("a", "b"));
            ledger.Transition("a", RunState.Running, "start", r => r with { Attempts = 1 });
            ledger.Transition("a", RunState.Failed, "end", r => r with { ExitCode = 3, Message = "diverged" });
        }
        var entries = new Dictionary<string, LedgerEntry>();
        using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_dir, SweepLayout.LedgerFile)};Pooling=False"))
        {
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = LedgerSchema.EntriesQuery;
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                var (id, entry) = LedgerSchema.ReadEntry(reader);
                entries[id] = entry;
            }
        }
        Assert.Equal(new LedgerEntry(LedgerSchema.States.Failed, 1, 3, "diverged"), entries["a"]);
        Assert.Equal(new LedgerEntry(LedgerSchema.States.Pending, 0, null, null), entries["b"]);
        string[] names = [LedgerSchema.States.Pending, LedgerSchema.States.Running, LedgerSchema.States.Succeeded, LedgerSchema.States.Failed, LedgerSchema.States.Cancelled];
        Assert.Equal(names, Enum.GetValues<RunState>().Select(s => s.ToName()));
        Assert.All(names, n => Assert.Equal(n, RunStates.Parse(n).ToName()));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }
}
