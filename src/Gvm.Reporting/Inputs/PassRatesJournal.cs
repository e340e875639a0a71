using Gvm.Core.Runs.Files;

namespace Gvm.Reporting.Inputs;

/// <summary>Reads pass_rates.jsonl through its codec (<see cref="PassRatesFile"/>).</summary>
public static class PassRatesJournal
{
    public static Task<IReadOnlyList<PassRateRecord>> ReadAsync(string path, CancellationToken cancellationToken = default) =>
        JsonLines.ReadAsync(path, PassRatesFile.Parse, cancellationToken);

    public static IReadOnlyList<PassRateRecord> Parse(string text, string source) => JsonLines.Parse(text, source, PassRatesFile.Parse);
}
