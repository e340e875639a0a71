namespace Gvm.Cli.Tests;

/// <summary>
/// Tests that swap <see cref="Console.Error"/> or <see cref="Console.Out"/> (process-wide) run one at a time: xunit runs
/// test classes in parallel, and a class that restores the writer while another reads it loses the other's output.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "Console";
}
