using System.ComponentModel;
using System.Diagnostics;

namespace Gvm.Orchestration.Launchers.Slurm;

/// <summary>A Slurm command (sbatch, squeue, sacct, scancel) failed for good.</summary>
public sealed class SlurmException(string command, int? exitCode, string stderr, Exception? inner = null)
    : LauncherBackendException($"{command} failed{(exitCode is { } c ? $" (exit code {c})" : "")}: {stderr.Trim()}", inner)
{
    public string Command { get; } = command;
    public int? ExitCode { get; } = exitCode;
    public string Stderr { get; } = stderr;
}

/// <summary>The output of one Slurm command.</summary>
public sealed record SlurmCommandResult(int ExitCode, string Stdout, string Stderr);

/// <summary>
/// Runs the Slurm client commands with SLURM_CONF set when configured. A command that the controller did not answer
/// (busy, unreachable, timed out) is retried with capped backoff; <c>sbatch</c> is never retried here because a
/// submission whose answer was lost may have created the job (the launcher looks it up by name first).
/// </summary>
public sealed class SlurmCli(SlurmLauncherOptions options)
{
    private static readonly string[] TransientMarkers =
    [
        "Socket timed out", "Unable to contact slurm controller", "temporarily unavailable", "Slurm temporarily unable",
        "Connection refused", "Zero Bytes were transmitted", "Timed out",
    ];

    /// <summary>Runs <paramref name="program"/> once and returns its output whatever its exit code.</summary>
    public async Task<SlurmCommandResult> RunOnceAsync(string program, IEnumerable<string> arguments, CancellationToken cancellationToken = default)
    {
        var psi = new ProcessStartInfo(program)
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
        };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        if (options.ConfigFile is not null) psi.Environment["SLURM_CONF"] = options.ConfigFile;
        TrainerEnvironment.Scrub(psi.Environment); // sbatch exports its environment to the job: no tracking credentials in it
        using var process = new Process { StartInfo = psi };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new SlurmException(program, null, $"cannot start '{program}' ({e.Message}); is the Slurm client installed and on PATH?", e);
        }
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(options.CommandTimeout);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            return new SlurmCommandResult(-1, "", $"Timed out after {options.CommandTimeout.TotalSeconds:0} s");
        }
        return new SlurmCommandResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    /// <summary>Runs a read-only or idempotent command, retrying transient failures; throws <see cref="SlurmException"/> otherwise.</summary>
    public async Task<SlurmCommandResult> RunAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var result = await RunOnceAsync(program, arguments, cancellationToken).ConfigureAwait(false);
            if (result.ExitCode == 0) return result;
            if (attempt >= options.CommandAttempts || !IsTransient(result.Stderr))
                throw new SlurmException($"{program} {string.Join(' ', arguments)}", result.ExitCode, result.Stderr);
            await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, 2 << attempt)), cancellationToken).ConfigureAwait(false);
        }
    }

    public static bool IsTransient(string stderr) => TransientMarkers.Any(m => stderr.Contains(m, StringComparison.OrdinalIgnoreCase));
}
