using System.Diagnostics;
using System.Globalization;

namespace Gvm.Training.Benchmarks;

/// <summary>What a child process of the benchmark did: exit code, wall seconds, peak resident set, stdout.</summary>
public sealed record BenchProcessResult(int ExitCode, double WallSeconds, long PeakRssBytes, string Stdout, string Stderr);

/// <summary>
/// Starts <c>dotnet gvm.dll ...</c> (or any command) as a child process, polls its peak resident set (VmHWM of
/// /proc/PID/status, every 100 ms, so a process's own high-water mark is read just before it exits) and captures its
/// output. The benchmark measures each tree through its own command line, so the revision compared against needs no
/// benchmark code of its own.
/// </summary>
public static class BenchProcess
{
    public static async Task<BenchProcessResult> RunAsync(string fileName, IReadOnlyList<string> arguments, string workingDirectory,
        CancellationToken cancellationToken = default)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        long peak = 0;
        try
        {
            while (!process.HasExited)
            {
                peak = Math.Max(peak, PeakResidentBytes(process.Id));
                await Task.WhenAny(process.WaitForExitAsync(cancellationToken), Task.Delay(100, cancellationToken)).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            throw;
        }
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return new BenchProcessResult(process.ExitCode, watch.Elapsed.TotalSeconds, peak,
            await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    /// <summary>VmHWM (peak resident set) of a live process in bytes; 0 when unreadable (exited, or not Linux).</summary>
    public static long PeakResidentBytes(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
                var kb = line["VmHWM:".Length..].Trim().Split(' ')[0];
                return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
            }
        }
        catch (IOException)
        {
            return 0; // the process has exited between the check and the read
        }
        return 0;
    }

    /// <summary>The 1-minute load average (/proc/loadavg), or NaN where unavailable.</summary>
    public static double LoadAverage()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.Parse(first, CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }
}
