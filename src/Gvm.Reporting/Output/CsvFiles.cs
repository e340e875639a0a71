using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Gvm.Core.IO;

namespace Gvm.Reporting.Output;

/// <summary>Writes typed rows as CSV through a ClassMap (fixed column order), atomically.</summary>
public static class CsvFiles
{
    public const string Comparison = "comparison.csv";
    public const string Speedups = "speedups.csv";
    public const string Crossings = "crossings.csv";
    public const string Fairness = "fairness.csv";
    public const string Auc = "auc.csv";
    public const string Paired = "paired.csv";
    public const string Verdicts = "verdicts.csv";
    public const string Learning = "learning.csv";

    public static async Task WriteAsync<TRow, TMap>(string path, IEnumerable<TRow> rows, CancellationToken cancellationToken = default)
        where TMap : ClassMap<TRow>
    {
        await using var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        await using (var csv = new CsvWriter(text, new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\n" }))
        {
            csv.Context.RegisterClassMap<TMap>();
            await csv.WriteRecordsAsync(rows, cancellationToken).ConfigureAwait(false);
        }
        await AtomicFile.WriteAllTextAsync(path, text.ToString(), cancellationToken).ConfigureAwait(false);
    }
}
