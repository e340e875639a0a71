using System.CommandLine;
using Gvm.Orchestration.Launchers;

namespace Gvm.Cli.Commands;

/// <summary>
/// The <c>gvm sweep</c> options every registered launcher adds (<c>--slurm-*</c>: overrides of the grid's
/// <c>backend.slurm</c> section), built from <see cref="RunLaunchers"/>: a new launcher's options need no change here.
/// </summary>
internal sealed class LauncherSweepOptions(RunLaunchers launchers)
{
    private readonly IReadOnlyList<(LauncherOption Launcher, Option Cli)> _options = launchers.Kinds
        .SelectMany(k => k.Options)
        .Select(o => (o, o.Type switch
        {
            LauncherOptionType.Text => (Option)new Option<string?>(o.Name) { Description = o.Description },
            LauncherOptionType.Switch => new Option<bool?>(o.Name) { Description = o.Description },
        }))
        .ToArray();

    public void AddTo(Command command)
    {
        foreach (var (_, cli) in _options) command.Options.Add(cli);
    }

    /// <summary>The overrides given on the command line, by launcher; a bad value throws FormatException naming the option (exit 2).</summary>
    public IReadOnlyDictionary<string, LauncherSettings> Read(ParseResult parse) =>
        launchers.ReadOverrides(o => _options.First(x => x.Launcher == o).Cli switch
        {
            Option<string?> text => parse.GetValue(text),
            Option<bool?> flag => parse.GetValue(flag),
            var other => throw new InvalidOperationException($"option {other.Name} has no reader"),
        });
}
