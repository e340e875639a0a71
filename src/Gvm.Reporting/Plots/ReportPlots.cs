namespace Gvm.Reporting.Plots;

/// <summary>A PNG of the report (path relative to the sweep directory once written) with its caption.</summary>
public sealed record PlotFile(string Path, string Caption);

/// <summary>The report's plots: those of each pair (keyed by <see cref="Comparison.PairGroup.Title"/>) and the per-run diagnostics.</summary>
public sealed record ReportPlots(IReadOnlyDictionary<string, IReadOnlyList<PlotFile>> ByPair, IReadOnlyList<PlotFile> Runs)
{
    public static readonly ReportPlots None = new(new Dictionary<string, IReadOnlyList<PlotFile>>(), []);

    public IEnumerable<PlotFile> All => ByPair.Values.SelectMany(v => v).Concat(Runs);

    public IReadOnlyList<PlotFile> Of(string pairTitle) => ByPair.TryGetValue(pairTitle, out var files) ? files : [];

    /// <summary>The same plots with every path passed through <paramref name="map"/> (e.g. made relative).</summary>
    public ReportPlots Map(Func<string, string> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return new ReportPlots(ByPair.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<PlotFile>)kv.Value.Select(p => p with { Path = map(p.Path) }).ToArray()),
            Runs.Select(p => p with { Path = map(p.Path) }).ToArray());
    }
}
