using System.Diagnostics;
using Gvm.Core.IO;

namespace Gvm.Orchestration.Tests.Fakes;

/// <summary>The built CLI as a child process (the test project builds it first, without referencing it).</summary>
public static class GvmCli
{
    /// <summary>gvm.dll of the same configuration as this test assembly.</summary>
    public static string Dll()
    {
        var config = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var root = RepoPaths.FindRepoRoot() ?? throw new DirectoryNotFoundException("repository root (GvmExperiments.sln) not found");
        var dll = Path.Combine(root, "src", "Gvm.Cli", "bin", config, "net10.0", "gvm.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"build the CLI first: {dll}", dll);
    }

    /// <summary>Starts <c>dotnet gvm.dll ARGS</c> with stdout and stderr redirected and extra environment variables.</summary>
    public static Process Start(string workingDirectory, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory,
        };
        psi.ArgumentList.Add(Dll());
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        return Process.Start(psi) ?? throw new InvalidOperationException("dotnet did not start");
    }

    /// <summary>Polls <paramref name="condition"/> every 20 ms for at most <paramref name="limit"/>.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan limit, string what, Process? mustStayAlive = null)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (mustStayAlive is { HasExited: true })
                throw new InvalidOperationException($"the process exited early while waiting for {what}: {await mustStayAlive.StandardError.ReadToEndAsync()}");
            if (clock.Elapsed > limit) throw new TimeoutException($"{what} did not happen within {limit.TotalSeconds:0} s");
            await Task.Delay(20);
        }
    }
}
