using System.Runtime.InteropServices;

namespace Gvm.Training.State;

/// <summary>
/// Crash-test hooks: <c>GVM_FAULT_KILL=POINT@STEP</c> makes the trainer SIGKILL itself (a real kill -9: no handler,
/// no flush, no cleanup) the moment it reaches POINT at step STEP, so tests can cut a run exactly where a timed
/// external kill would land only by luck (the middle of a checkpoint write). Points: <c>checkpoint.weights</c> (weights
/// written to the staging directory, nothing else), <c>checkpoint.staged</c> (staging complete, not yet renamed),
/// <c>checkpoint.renamed</c> (step directory in place, <c>latest</c> not yet rewritten). Unset in production: a read of
/// one environment variable at start-up, then a string comparison per checkpoint.
/// </summary>
public static class FaultPoints
{
    public const string Variable = "GVM_FAULT_KILL";
    public const string CheckpointWeights = "checkpoint.weights";
    public const string CheckpointStaged = "checkpoint.staged";
    public const string CheckpointRenamed = "checkpoint.renamed";

    private static readonly (string Point, int Step)? Armed = Parse(Environment.GetEnvironmentVariable(Variable));

    public static void Reach(string point, int step)
    {
        if (Armed is not { } armed || armed.Point != point || armed.Step != step) return;
        Console.Error.WriteLine($"{Variable}: SIGKILL at {point} of step {step}");
        Console.Error.Flush();
        Kill(Environment.ProcessId, 9);
        Thread.Sleep(Timeout.Infinite); // the signal is delivered asynchronously; never run past the point
    }

    private static (string, int)? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var at = text.LastIndexOf('@');
        return at > 0 && int.TryParse(text[(at + 1)..], System.Globalization.CultureInfo.InvariantCulture, out var step) ? (text[..at], step) : null;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
