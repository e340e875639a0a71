// Helpers to run dotnet and the built `gvm` command from tasks.
public void RunDotNet(string arguments)
{
    var code = StartProcess("dotnet", new ProcessSettings { Arguments = arguments });
    if (code != 0) throw new Exception($"dotnet {arguments} failed with exit code {code}");
}

public string GvmDll(BuildData data) =>
    MakeAbsolute(File($"./src/Gvm.Cli/bin/{data.Configuration}/net10.0/gvm.dll")).FullPath;

/// <summary>Runs `gvm ARGS` from the Release build; returns its exit code.</summary>
public int RunGvm(BuildData data, string arguments, bool throwOnError = true)
{
    var code = StartProcess("dotnet", new ProcessSettings { Arguments = $"\"{GvmDll(data)}\" {arguments}" });
    if (code != 0 && throwOnError) throw new Exception($"gvm {arguments} failed with exit code {code}");
    return code;
}

public static string Quote(string s) => "\"" + s.Replace("\"", "\\\"") + "\"";
