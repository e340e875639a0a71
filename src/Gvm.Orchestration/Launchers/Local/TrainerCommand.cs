using System.Reflection;
using System.Text;

namespace Gvm.Orchestration.Launchers.Local;

/// <summary>
/// The program the local launcher starts for each attempt, followed by <c>--spec RUN_DIR/spec.json --out RUN_DIR</c>.
/// Default: <c>dotnet &lt;gvm.dll&gt; train</c>; override with <c>--trainer "CMD ARGS"</c> or GVM_TRAINER_COMMAND
/// (tests and benchmarks use a fake trainer script).
/// </summary>
public sealed record TrainerCommand(string Program, IReadOnlyList<string> Arguments)
{
    public const string EnvironmentVariable = "GVM_TRAINER_COMMAND";

    public static TrainerCommand Resolve(string? commandLine)
    {
        if (!string.IsNullOrWhiteSpace(commandLine)) return Parse(commandLine);
        var env = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return string.IsNullOrWhiteSpace(env) ? Default() : Parse(env);
    }

    /// <summary><c>dotnet gvm.dll train</c>, with gvm.dll found from the running CLI (or beside this assembly).</summary>
    public static TrainerCommand Default()
    {
        var entry = Assembly.GetEntryAssembly()?.Location;
        var dll = entry is not null && Path.GetFileName(entry) == "gvm.dll"
            ? entry
            : Path.Combine(AppContext.BaseDirectory, "gvm.dll");
        return new TrainerCommand("dotnet", [dll, "train"]);
    }

    /// <summary>Splits a command line on spaces; double quotes group words.</summary>
    public static TrainerCommand Parse(string commandLine)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        var any = false;
        foreach (var c in commandLine)
        {
            if (c == '"') { quoted = !quoted; any = true; continue; }
            if (char.IsWhiteSpace(c) && !quoted)
            {
                if (any) words.Add(current.ToString());
                current.Clear();
                any = false;
                continue;
            }
            current.Append(c);
            any = true;
        }
        if (any) words.Add(current.ToString());
        if (words.Count == 0) throw new ArgumentException("the trainer command is empty", nameof(commandLine));
        return new TrainerCommand(words[0], words.Skip(1).ToArray());
    }

    public override string ToString() => string.Join(" ", new[] { Program }.Concat(Arguments));
}
