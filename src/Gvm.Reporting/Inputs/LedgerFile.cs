using Gvm.Core.Sweeps;
using Microsoft.Data.Sqlite;

namespace Gvm.Reporting.Inputs;

/// <summary>
/// Reads SWEEP_DIR/ledger.db (the <c>runs</c> table that <c>gvm sweep</c> keeps) without changing it, through the
/// schema's read view (<see cref="LedgerSchema"/>). A sweep directory without a ledger (a copied report input, say)
/// gives no entries; an unreadable one is a <see cref="ReportInputException"/>.
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
            cmd.CommandText = LedgerSchema.EntriesQuery;
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                var (runId, entry) = LedgerSchema.ReadEntry(reader);
                entries[runId] = entry;
            }
        }
        catch (SqliteException e)
        {
            throw new ReportInputException(path, 0, "runs", $"cannot read the ledger: {e.Message}", e);
        }
        return entries;
    }
}
