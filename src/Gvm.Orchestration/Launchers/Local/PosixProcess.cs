using System.Runtime.InteropServices;

namespace Gvm.Orchestration.Launchers.Local;

/// <summary>Signals and liveness of processes that may not be our children (re-attached after a restart).</summary>
internal static class PosixProcess
{
    public const int SigTerm = 15;
    public const int SigKill = 9;
    private const int EPerm = 1;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int sig);

    /// <summary>True while <paramref name="pid"/> exists and is not a zombie.</summary>
    public static bool IsAlive(int pid)
    {
        if (pid <= 0) return false;
        if (OperatingSystem.IsWindows())
        {
            try { using var p = System.Diagnostics.Process.GetProcessById(pid); return !p.HasExited; }
            catch (ArgumentException) { return false; }
        }
        if (Kill(pid, 0) != 0 && Marshal.GetLastPInvokeError() != EPerm) return false;
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat)) return true;
        try
        {
            var text = File.ReadAllText(stat);
            var close = text.LastIndexOf(')');
            return close < 0 || close + 2 >= text.Length || text[close + 2] != 'Z';
        }
        catch (IOException)
        {
            return false; // it exited while we read
        }
    }

    /// <summary>Sends <paramref name="signal"/> to the process group led by <paramref name="pid"/> (or the process itself).</summary>
    public static void Signal(int pid, int signal, bool group)
    {
        if (pid <= 0) return;
        if (OperatingSystem.IsWindows())
        {
            try { using var p = System.Diagnostics.Process.GetProcessById(pid); p.Kill(entireProcessTree: true); }
            catch (ArgumentException) { }
            return;
        }
        if (!group || Kill(-pid, signal) != 0) Kill(pid, signal);
    }

    /// <summary>The command line of a live process (Linux /proc), or null when unknown.</summary>
    public static string? CommandLine(int pid)
    {
        try
        {
            var path = $"/proc/{pid}/cmdline";
            return File.Exists(path) ? File.ReadAllText(path).Replace('\0', ' ') : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
