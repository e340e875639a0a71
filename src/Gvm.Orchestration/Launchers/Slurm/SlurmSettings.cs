using System.Globalization;
using Gvm.Orchestration.Launchers.Local;

namespace Gvm.Orchestration.Launchers.Slurm;

/// <summary>
/// The user-facing slurm settings: the grid's <c>backend.slurm</c> section, overridden field by field by
/// <c>gvm sweep --slurm-*</c>. Null fields are unset (the launcher default or the cluster's).
/// </summary>
public sealed record SlurmSettings : LauncherSettings
{
    public static readonly string[] Keys = ["partition", "account", "qos", "time", "requeue", "container", "image", "extra_args", "poll_s", "conf"];

    public string? Partition { get; init; }
    public string? Account { get; init; }
    public string? Qos { get; init; }
    public TimeSpan? TimeLimit { get; init; }
    public bool? Requeue { get; init; }
    public SlurmContainerMode? Container { get; init; }
    public string? Image { get; init; }
    public IReadOnlyList<string>? ExtraArguments { get; init; }
    public double? PollSeconds { get; init; }
    public string? ConfigFile { get; init; }

    /// <summary>Fields set in <paramref name="overrides"/> win.</summary>
    public SlurmSettings With(SlurmSettings? overrides) => overrides is null ? this : new SlurmSettings
    {
        Partition = overrides.Partition ?? Partition, Account = overrides.Account ?? Account, Qos = overrides.Qos ?? Qos,
        TimeLimit = overrides.TimeLimit ?? TimeLimit, Requeue = overrides.Requeue ?? Requeue, Container = overrides.Container ?? Container,
        Image = overrides.Image ?? Image, ExtraArguments = overrides.ExtraArguments ?? ExtraArguments,
        PollSeconds = overrides.PollSeconds ?? PollSeconds, ConfigFile = overrides.ConfigFile ?? ConfigFile,
    };

    public SlurmLauncherOptions ToOptions(TrainerCommand trainer)
    {
        var o = new SlurmLauncherOptions
        {
            Trainer = trainer, Partition = Partition, Account = Account, Qos = Qos, TimeLimit = TimeLimit, Requeue = Requeue ?? false,
            Container = Container ?? SlurmContainerMode.None, Image = Image, ExtraArguments = ExtraArguments ?? [],
            ConfigFile = ConfigFile ?? Environment.GetEnvironmentVariable("SLURM_CONF"),
        };
        return (PollSeconds is { } p ? o with { PollInterval = TimeSpan.FromSeconds(p) } : o).Validate();
    }

    /// <summary>
    /// A Slurm time limit: minutes ("90"), "MM:SS", "HH:MM:SS", "D-HH", "D-HH:MM" or "D-HH:MM:SS" (sbatch --time forms).
    /// </summary>
    public static TimeSpan ParseTime(string text)
    {
        var days = 0;
        var rest = text.Trim();
        var dash = rest.IndexOf('-');
        if (dash >= 0)
        {
            days = Number(rest[..dash], text);
            rest = rest[(dash + 1)..];
        }
        var parts = rest.Split(':').Select(p => Number(p, text)).ToArray();
        var time = (dash >= 0, parts.Length) switch
        {
            (false, 1) => TimeSpan.FromMinutes(parts[0]),
            (false, 2) => new TimeSpan(0, parts[0], parts[1]),
            (_, 3) => new TimeSpan(parts[0], parts[1], parts[2]),
            (true, 1) => TimeSpan.FromHours(parts[0]),
            (true, 2) => new TimeSpan(parts[0], parts[1], 0),
            _ => throw new FormatException($"'{text}' is not a Slurm time (minutes, HH:MM:SS or D-HH:MM:SS)"),
        };
        time += TimeSpan.FromDays(days);
        return time > TimeSpan.Zero ? time : throw new FormatException($"time limit '{text}' must be positive");
    }

    private static int Number(string part, string text) =>
        int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new FormatException($"'{text}' is not a Slurm time (minutes, HH:MM:SS or D-HH:MM:SS)");

    /// <summary>Parses the grid's <c>backend.slurm</c> section; errors name the file, line, column and field.</summary>
    internal static SlurmSettings Parse(ILauncherSection section)
    {
        var s = new SlurmSettings();
        foreach (var v in section.Entries(Keys))
        {
            var key = v.Key;
            s = v.Read(() => key switch
            {
                "partition" => s with { Partition = Word(v.Text(), key) },
                "account" => s with { Account = Word(v.Text(), key) },
                "qos" => s with { Qos = Word(v.Text(), key) },
                "time" => s with { TimeLimit = ParseTime(v.Text()) },
                "requeue" => s with { Requeue = v.Flag() },
                "container" => s with { Container = SlurmContainerModes.Parse(v.Text()) },
                "image" => s with { Image = Word(v.Text(), key) },
                "extra_args" => s with { ExtraArguments = v.Texts() },
                "poll_s" => s with { PollSeconds = v.Number(min: 0.1) },
                _ => s with { ConfigFile = v.Text() },
            });
        }
        if (s.Container is { } c && c != SlurmContainerMode.None && s.Image is null)
            throw section.Error("image", $"container {SlurmContainerModes.Names[(int)c]} needs an image");
        return s;
    }

    private static string Word(string value, string name) =>
        value.Length > 0 && !value.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'')
            ? value
            : throw new ArgumentException($"{name} '{value}' must be one word without spaces or quotes");
}
