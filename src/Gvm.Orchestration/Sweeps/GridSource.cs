using Gvm.Orchestration.Grids;
using Gvm.Orchestration.Launchers;

namespace Gvm.Orchestration.Sweeps;

/// <summary>Finds the grid to run: the given path, else experiments/smoke.yaml, else the copy embedded in this assembly.</summary>
public static class GridSource
{
    public const string DefaultGrid = "experiments/smoke.yaml";

    /// <param name="launchers">The launchers the grid may name; null = <see cref="RunLaunchers.Shipped"/>.</param>
    public static GridDefinition Load(string? path, RunLaunchers? launchers = null)
    {
        if (path is not null)
        {
            if (!File.Exists(path)) throw new Gvm.Core.Inputs.InputException(path, 0, null, "grid file not found");
            return GridParser.Load(path, launchers);
        }
        if (File.Exists(DefaultGrid)) return GridParser.Load(DefaultGrid, launchers);
        using var stream = typeof(GridSource).Assembly.GetManifestResourceStream("smoke.yaml")
            ?? throw new FileNotFoundException("no grid given and the embedded smoke.yaml is missing");
        using var reader = new StreamReader(stream);
        return GridParser.Parse(reader.ReadToEnd(), "embedded:smoke.yaml", launchers);
    }

    public static string DefaultSweepDir(string gridName) => Path.GetFullPath(Path.Combine("sweeps", gridName));
}
