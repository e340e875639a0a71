using System.Globalization;
using Gvm.Core.Runs;

namespace Gvm.Orchestration.Launchers.Slurm;

/// <summary>
/// What Slurm reports about one job (a row of <c>squeue -O</c> or <c>sacct -P</c>). <see cref="ExitCode"/> and
/// <see cref="Signal"/> are the batch script's; both are null when Slurm gave none.
/// </summary>
public sealed record SlurmJob(string JobId, string Name, string State, string Reason, int? ExitCode, int? Signal, string Comment)
{
    /// <summary>Job states in which the job has not ended yet (squeue's and sacct's long names).</summary>
    private static readonly HashSet<string> ActiveStates =
    [
        "PENDING", "CONFIGURING", "RUNNING", "COMPLETING", "SUSPENDED", "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED",
        "RESIZING", "SIGNALING", "STAGE_OUT", "STOPPED", "RESV_DEL_HOLD", "SPECIAL_EXIT",
    ];

    /// <summary>Exit code of the batch script when the shared-filesystem probe is not visible on the node.</summary>
    public const int NotSharedExitCode = 97;

    /// <summary>Slurm may print "CANCELLED by 0" (sacct); the first word is the state.</summary>
    public string BaseState => State.Split(' ', 2)[0];

    public bool IsActive => ActiveStates.Contains(BaseState) && !IsDependencyNeverSatisfied;

    /// <summary>Pending on an afterok dependency that ended otherwise: Slurm leaves such a job queued forever.</summary>
    public bool IsDependencyNeverSatisfied => BaseState == "PENDING" && Reason == "DependencyNeverSatisfied";

    /// <summary>The launcher outcome of an ended job; <paramref name="stopRequested"/> when the orchestrator asked it to stop.</summary>
    public LaunchOutcome ToOutcome(bool stopRequested)
    {
        var detail = $"slurm job {JobId} {BaseState}" + (ExitCode is { } c ? $", exit code {c}" : "") + (Signal is > 0 ? $", signal {Signal}" : "");
        if (IsDependencyNeverSatisfied)
            return new LaunchOutcome { End = LaunchEnd.DependencyFailed, Message = $"slurm job {JobId}: a run it depends on (afterok) did not succeed" };
        return BaseState switch
        {
            "COMPLETED" when ExitCode is null or ExitCodes.Success => new LaunchOutcome { End = LaunchEnd.Succeeded, ExitCode = 0 },
            "CANCELLED" => new LaunchOutcome
            {
                End = LaunchEnd.Cancelled, ExitCode = ExitCode,
                Message = stopRequested ? "stopped on request" : $"slurm job {JobId} cancelled in Slurm (scancel)",
            },
            "TIMEOUT" or "DEADLINE" => new LaunchOutcome { End = LaunchEnd.TimedOut, ExitCode = ExitCode, Message = detail + " (Slurm time limit)" },
            "OUT_OF_MEMORY" => new LaunchOutcome { End = LaunchEnd.OutOfMemory, ExitCode = ExitCode, Message = detail },
            "NODE_FAIL" or "BOOT_FAIL" or "PREEMPTED" => new LaunchOutcome { End = LaunchEnd.Lost, ExitCode = ExitCode, Message = detail },
            _ when stopRequested || ExitCode is ExitCodes.Interrupted or 143 =>
                new LaunchOutcome { End = LaunchEnd.Cancelled, ExitCode = ExitCode, Message = "stopped on request" },
            _ when ExitCode == NotSharedExitCode => new LaunchOutcome
            {
                End = LaunchEnd.Failed, ExitCode = ExitCode,
                Message = detail + ": the run directory is not visible on the compute node; put the sweep directory on a shared filesystem",
            },
            _ => new LaunchOutcome { End = LaunchEnd.Failed, ExitCode = ExitCode, Message = detail },
        };
    }

    /// <summary>
    /// Parses one line of <c>squeue -h -O JobID:|,Name:|,State:|,Reason:|,exit_code:|,Comment:</c>. squeue prints
    /// the raw wait status as exit_code (768 = exit 3), and "(null)" for an empty comment. Null for blank lines.
    /// </summary>
    public static SlurmJob? ParseSqueue(string line)
    {
        var f = line.TrimEnd().Split('|');
        if (f.Length < 6 || f[0].Length == 0) return null;
        int? exit = null, signal = null;
        if (int.TryParse(f[4], NumberStyles.Integer, CultureInfo.InvariantCulture, out var status))
        {
            exit = (status >> 8) & 0xff;
            signal = status & 0x7f;
        }
        var comment = string.Join('|', f[5..]).TrimEnd('|');
        return new SlurmJob(f[0], f[1], f[2], f[3], exit, signal, comment == "(null)" ? "" : comment);
    }

    /// <summary>Parses one line of <c>sacct -n -P -X -o JobID,JobName,State,ExitCode</c> (ExitCode is "code:signal").</summary>
    public static SlurmJob? ParseSacct(string line)
    {
        var f = line.Trim().Split('|');
        if (f.Length < 4 || f[0].Length == 0 || f[0].Contains('.')) return null; // job steps (123.batch) are not the job
        int? exit = null, signal = null;
        var parts = f[3].Split(':');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var e)
            && int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var s))
        {
            exit = e;
            signal = s;
        }
        return new SlurmJob(f[0], f[1], f[2], "", exit, signal, f.Length > 4 ? f[4] : "");
    }
}
