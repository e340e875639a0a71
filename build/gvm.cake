// Running the built `gvm` command from tasks (Cake's DotNetExecute: arguments as a builder, no hand quoting).

public string GvmDll(BuildData data) =>
    MakeAbsolute(File($"./src/Gvm.Cli/bin/{data.Configuration}/net10.0/gvm.dll")).FullPath;

/// <summary>Command-line arguments (for gvm and other tools): plain words as they are, words with spaces or quotes quoted by Cake.</summary>
public ProcessArgumentBuilder CommandArgs(params string[] words)
{
    var args = new ProcessArgumentBuilder();
    foreach (var w in words)
    {
        if (w.IndexOfAny(new[] { ' ', '\t', '"', '\'' }) >= 0) args.AppendQuoted(w);
        else args.Append(w);
    }
    return args;
}

/// <summary>Runs `gvm ARGS` from the build; returns its exit code (throws on a non-zero one unless told not to).</summary>
public int RunGvm(BuildData data, ProcessArgumentBuilder arguments, bool throwOnError = true)
{
    var code = 0;
    DotNetExecute(GvmDll(data), arguments, new DotNetExecuteSettings { HandleExitCode = c => { code = c; return true; } });
    if (code != 0 && throwOnError) throw new Exception($"gvm {arguments.Render()} failed with exit code {code}");
    return code;
}
