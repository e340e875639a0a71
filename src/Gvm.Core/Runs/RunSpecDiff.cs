namespace Gvm.Core.Runs;

/// <summary>One field that differs between two specs, by dotted JSON path, with both values as JSON text.</summary>
public sealed record SpecChange(string Field, string Old, string New)
{
    public override string ToString() => $"{Field} ({Old} → {New})";
}

/// <summary>Field-by-field comparison of two run specs in their JSON form (what spec.json holds).</summary>
public static class RunSpecDiff
{
    /// <summary>The fields that differ (<see cref="SpecPaths.Changes"/>), in ordinal order of their paths.</summary>
    public static IReadOnlyList<SpecChange> Compare(RunSpec recorded, RunSpec incoming)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        ArgumentNullException.ThrowIfNull(incoming);
        return SpecPaths.Changes(recorded, incoming).OrderBy(c => c.Field, StringComparer.Ordinal).ToList();
    }
}
