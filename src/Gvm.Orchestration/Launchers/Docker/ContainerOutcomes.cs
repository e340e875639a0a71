using Gvm.Core.Runs;

namespace Gvm.Orchestration.Launchers.Docker;

/// <summary>What the engine reported about an exited container.</summary>
public sealed record ContainerExit(long ExitCode, bool OomKilled, string? Error, int? MemoryMb);

/// <summary>Maps an exited container to a <see cref="LaunchOutcome"/> (pure; the table is in docs/containers.md).</summary>
public static class ContainerOutcomes
{
    public const int SigKillExit = 137;
    public const int SigTermExit = 143;

    /// <summary>What TorchSharp 0.107 prints when libtorch cannot be loaded (e.g. libstdc++ without GLIBCXX_3.4.32).</summary>
    public const string MisleadingTorchSharpMessage = "uses TorchSharp but doesn't contain a reference to libtorch";

    private const string GlibcxxHint =
        "the image's libstdc++ lacks GLIBCXX_3.4.32 (bookworm/Ubuntu 22.04 base?): rebuild on Ubuntu 24.04+/Debian 13+ (--base=offline)";

    /// <param name="stderr">The end of the container's stderr (the last lines go into the message).</param>
    public static LaunchOutcome Map(ContainerExit exit, bool cancelledByUs, string? stderr)
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
            139 => "the trainer crashed with SIGSEGV (exit 139): if the image is bookworm-based, " + GlibcxxHint,
            _ => $"exit code {code}",
        };
        if (stderr?.Contains(MisleadingTorchSharpMessage, StringComparison.Ordinal) == true)
            message += "; TorchSharp could not load libtorch: " + GlibcxxHint;
        if (!string.IsNullOrEmpty(exit.Error)) message += $"; engine: {exit.Error}";
        var tail = string.Join(" | ", (stderr ?? "").Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).TakeLast(3));
        return new LaunchOutcome { End = LaunchEnd.Failed, ExitCode = code, Message = message + (tail.Length > 0 ? "; stderr: " + tail : "") };
    }
}
