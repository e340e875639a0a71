using Gvm.Core.Runs;

namespace Gvm.Orchestration.Launchers.Docker;

/// <summary>What the engine reported about an exited container.</summary>
public sealed record ContainerExit(long ExitCode, bool OomKilled, string? Error, int? MemoryMb);

/// <summary>Maps an exited container to a <see cref="LaunchOutcome"/> (pure; the table is in docs/containers.md).</summary>
public static class ContainerOutcomes
{
    public const int SigKillExit = 137;
    public const int SigTermExit = 143;

    public static LaunchOutcome Map(ContainerExit exit, bool cancelledByUs, string? stderrTail)
    {
        ArgumentNullException.ThrowIfNull(exit);
        var code = (int)exit.ExitCode;
        if (exit.OomKilled)
        {
            var limit = exit.MemoryMb is > 0 ? $" (limit {exit.MemoryMb} MB)" : "";
            return new LaunchOutcome { End = LaunchEnd.OutOfMemory, ExitCode = code, Message = $"killed by the kernel: out of memory{limit}" };
        }
        if (code == ExitCodes.Success && string.IsNullOrEmpty(exit.Error))
            return new LaunchOutcome { End = LaunchEnd.Succeeded, ExitCode = code };
        if (cancelledByUs || code is ExitCodes.Interrupted or SigTermExit)
            return new LaunchOutcome { End = LaunchEnd.Cancelled, ExitCode = code, Message = cancelledByUs ? "stopped on request" : "stopped from outside (SIGTERM)" };
        var message = code switch
        {
            SigKillExit => "container killed by SIGKILL from outside the orchestrator (docker kill, the engine or the host)",
            ExitCodes.Diverged => "the trainer diverged (exit 3)",
            ExitCodes.InvalidInput => "the trainer rejected its input (exit 2)",
            139 => "the trainer crashed with SIGSEGV (exit 139): on a bookworm-based image this is libstdc++ lacking GLIBCXX_3.4.32",
            _ => $"exit code {code}",
        };
        if (!string.IsNullOrEmpty(exit.Error)) message += $"; engine: {exit.Error}";
        return new LaunchOutcome { End = LaunchEnd.Failed, ExitCode = code, Message = message + (stderrTail is { Length: > 0 } t ? "; stderr: " + t : "") };
    }
}
