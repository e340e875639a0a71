using Gvm.Core.Sweeps;
using Microsoft.Data.Sqlite;

namespace Gvm.Reporting.Inputs;

/// <summary>What the orchestrator's ledger says of one run: its state, attempts, last exit code and message.</summary>
public sealed record LedgerEntry(string State, int Attempts, int? ExitCode, string? Message);

/// <summary>
/// Reads SWEEP_DIR/ledger.db (the <c>runs</c> table that <c>gvm sweep</c> keeps) without changing it. A sweep directory
/// without a ledger (a copied report input, say) gives no entries; an unreadable one is a <see cref="ReportInputException"/>.
/// </summary>
public static class LedgerFile
{
    public static IReadOnlyDictionary<string, LedgerEntry> Read(string sweepDir)
    {
        var path = Path.Combine(sweepDir, SweepLayout.LedgerFile);
        var entries = new Dictionary<string, LedgerEntry>(StringComparer.Ordinal);
        if (!File.Exists(path)) return entries;
        try
        {
            // ReadWrite (never Create) so a WAL ledger opens as the orchestrator left it; nothing is written.
            using var db = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 5,
            }.ToString());
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = "SELECT run_id, state, attempts, exit_code, message FROM runs";
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                entries[reader.GetString(0)] = new LedgerEntry(reader.GetString(1), reader.GetInt32(2),
                    reader.IsDBNull(3) ? null : reader.GetInt32(3), reader.IsDBNull(4) ? null : reader.GetString(4));
            }
        }
        catch (SqliteException e)
        {
            throw new ReportInputException(path, 0, "runs", $"cannot read the ledger: {e.Message}", e);
        }
        return entries;
    }
}
