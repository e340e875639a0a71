using System.Diagnostics;
using System.Reflection;

namespace Gvm.Cli.Commands.Bench;

/// <summary>Runs this <c>gvm</c> again as a child process (each benchmark in a fresh process, as a user would run it).</summary>
internal static class GvmChildProcess
{
    /// <summary>
    /// <c>gvm ARGS</c>: the app host when gvm runs as one, else <c>dotnet gvm.dll</c>. Output is captured line by line
    /// and echoed to stderr as it comes (so a long sweep shows progress); a step past <paramref name="timeout"/> is
    /// killed with its process tree and reported with exit code -1.
    /// </summary>
    public static async Task<BenchStep> RunAsync(IReadOnlyList<string> args, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var host = Environment.ProcessPath;
        var entry = Assembly.GetEntryAssembly()?.Location;
        if (host is not null && Path.GetFileNameWithoutExtension(host) != "dotnet")
        {
            start.FileName = host;
        }
        else
        {
            start.FileName = host ?? "dotnet";
            start.ArgumentList.Add(entry is not null && Path.GetFileName(entry) == "gvm.dll" ? entry : Path.Combine(AppContext.BaseDirectory, "gvm.dll"));
        }
        foreach (var a in args) start.ArgumentList.Add(a);

        var stdout = new List<string>();
        var stderr = new List<string>();
        var watch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.Add(e.Data); };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (stderr) stderr.Add(e.Data);
            Console.Error.WriteLine(e.Data);
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout is { } t) limit.CancelAfter(t);
        int code;
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
            code = process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            if (cancellationToken.IsCancellationRequested) throw;
            code = -1;
            lock (stderr) stderr.Add($"gvm bench all: stopped after {timeout!.Value.TotalMinutes:0.#} min");
        }
        return new BenchStep("gvm " + string.Join(' ', args), code, stdout, stderr, watch.Elapsed);
    }
}
