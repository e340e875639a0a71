using Gvm.Core.Runs.Files;

namespace Gvm.Reporting.Inputs;

/// <summary>Reads allocations.jsonl through its codec (<see cref="AllocationsFile"/>).</summary>
public static class AllocationsJournal
{
    public static Task<IReadOnlyList<AllocationRecord>> ReadAsync(string path, CancellationToken cancellationToken = default) =>
        JsonLines.ReadAsync(path, AllocationsFile.Parse, cancellationToken);

    public static IReadOnlyList<AllocationRecord> Parse(string text, string source) => JsonLines.Parse(text, source, AllocationsFile.Parse);
}
