namespace Gvm.Orchestration.Launchers;

public enum LauncherOptionType
{
    /// <summary>A text value.</summary>
    Text,
    /// <summary>A boolean switch: given alone it is true.</summary>
    Switch,
}

/// <summary>
/// A <c>gvm sweep</c> option a launcher adds (<c>--slurm-time</c>): the CLI builds the command-line option from it and
/// hands its value back; <see cref="Apply"/> sets it on the launcher's overrides.
/// </summary>
public sealed class LauncherOption(string name, string description, LauncherOptionType type, Func<LauncherSettings, object, LauncherSettings> apply)
{
    /// <summary>The option with its dashes: <c>--slurm-partition</c>.</summary>
    public string Name { get; } = name;
    public string Description { get; } = description;
    public LauncherOptionType Type { get; } = type;

    /// <summary>
    /// <paramref name="settings"/> with this option's value (a string, or a bool for a switch) set; a bad value throws a
    /// <see cref="FormatException"/> that starts with the option name (exit 2).
    /// </summary>
    public LauncherSettings Apply(LauncherSettings settings, object value)
    {
        try
        {
            return apply(settings, value);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new FormatException($"{Name}: {e.Message}", e);
        }
    }
}
