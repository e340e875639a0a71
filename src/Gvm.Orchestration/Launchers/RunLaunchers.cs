namespace Gvm.Orchestration.Launchers;

/// <summary>
/// The launcher registry: the grid reader, the sweep runner and the CLI find every launcher here (name, grid section,
/// options). Adding a launcher is a folder <c>Launchers/&lt;Name&gt;/</c> with its <see cref="ILauncherKind"/> and one
/// line in <see cref="Shipped"/> (docs/orchestration.md, "Adding a launcher").
/// </summary>
public sealed class RunLaunchers
{
    /// <summary>The launchers <c>gvm</c> ships, in the order messages and help list them.</summary>
    public static readonly RunLaunchers Shipped = new(
    [
        new Local.LocalLauncherKind(),
        new Docker.DockerLauncherKind(),
        new Slurm.SlurmLauncherKind(),
    ]);

    public RunLaunchers(IReadOnlyList<ILauncherKind> kinds)
    {
        if (kinds.Count == 0) throw new ArgumentException("a launcher registry needs at least one launcher", nameof(kinds));
        if (kinds.GroupBy(k => k.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new ArgumentException($"launcher '{twice.Key}' is registered twice", nameof(kinds));
        Kinds = kinds;
        Names = kinds.Select(k => k.Name).ToArray();
        Choices = Names.Count == 1 ? Names[0] : $"{string.Join(", ", Names.Take(Names.Count - 1))} or {Names[^1]}";
    }

    public IReadOnlyList<ILauncherKind> Kinds { get; }

    public IReadOnlyList<string> Names { get; }

    /// <summary>The names for a message or help text: "local, docker or slurm".</summary>
    public string Choices { get; }

    /// <summary>The launchers that read a grid section <c>backend.&lt;name&gt;</c>.</summary>
    public IEnumerable<ILauncherKind> WithSections => Kinds.Where(k => k.HasSection);

    /// <summary>This registry plus <paramref name="kind"/> (a test's own launcher; the shipped list stays as it is).</summary>
    public RunLaunchers With(ILauncherKind kind) => new([.. Kinds, kind]);

    public ILauncherKind? Find(string name) => Kinds.FirstOrDefault(k => k.Name == name);

    /// <summary>The launcher called <paramref name="name"/> (<c>--backend</c>); an unknown name is bad input (exit 2).</summary>
    public ILauncherKind Get(string name) => Find(name)
        ?? throw new ArgumentException($"unknown backend '{name}'; supported: {string.Join(", ", Names)}", nameof(name));

    /// <summary>
    /// Every launcher's command-line overrides, by launcher name: <paramref name="valueOf"/> gives an option's value (a
    /// string, a bool for a switch) or null when it was not given.
    /// </summary>
    public IReadOnlyDictionary<string, LauncherSettings> ReadOverrides(Func<LauncherOption, object?> valueOf)
    {
        var overrides = new Dictionary<string, LauncherSettings>(StringComparer.Ordinal);
        foreach (var kind in Kinds.Where(k => k.Options.Count > 0))
        {
            var settings = kind.Unset;
            foreach (var option in kind.Options)
            {
                if (valueOf(option) is { } value) settings = option.Apply(settings, value);
            }
            overrides[kind.Name] = settings;
        }
        return overrides;
    }
}
