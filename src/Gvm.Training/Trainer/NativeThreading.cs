using System.Runtime.InteropServices;

namespace Gvm.Training.Trainer;

/// <summary>
/// OpenMP settings that must be in the native environment before libtorch loads. libgomp spin-waits by default;
/// on a shared 2-core machine that made 2-thread steps ~10-30x slower under load (measured on this machine:
/// SFT step 0.4 s with 1 thread, 5-13 s with 2 spinning threads, 1.0 s with 2 passive threads).
/// .NET's Environment.SetEnvironmentVariable does not reach the C runtime on Unix, hence setenv(3).
/// </summary>
public static class NativeThreading
{
    [DllImport("libc", EntryPoint = "setenv", CharSet = CharSet.Ansi, BestFitMapping = false)]
    private static extern int SetEnv(string name, string value, int overwrite);

    /// <summary>Sets OMP_WAIT_POLICY=PASSIVE unless the user set it. Call before the first torch call.</summary>
    public static void PreferPassiveWaiting()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        if (Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is not null) return;
        _ = SetEnv("OMP_WAIT_POLICY", "PASSIVE", 0);
    }
}
