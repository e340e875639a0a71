using System.Diagnostics;

namespace Gvm.Orchestration.Tests.Launchers;

/// <summary>
/// Installs Debian packages for the engine fixtures (Docker, Slurm). xUnit starts fixtures of different collections
/// in parallel and dpkg takes one lock, so installs run one at a time here and wait for a lock held by anyone else
/// (<c>DPkg::Lock::Timeout</c>); a failed install refreshes the package lists once and tries again.
/// </summary>
internal static class AptPackages
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static async Task InstallAsync(IReadOnlyList<string> packages, bool recommends = true)
    {
        await Gate.WaitAsync();
        try
        {
            string[] install = ["install", "-y", "-qq", "-o", "DPkg::Lock::Timeout=300", .. recommends ? Array.Empty<string>() : ["--no-install-recommends"], .. packages];
            var (code, output) = await RunAsync(install);
            if (code != 0)
            {
                await RunAsync(["update", "-qq", "-o", "DPkg::Lock::Timeout=300"]);
                (code, output) = await RunAsync(install);
            }
            if (code != 0) throw new InvalidOperationException($"apt-get install {string.Join(" ", packages)} failed (exit {code}): {output}");
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<(int Code, string Output)> RunAsync(IReadOnlyList<string> arguments)
    {
        var psi = new ProcessStartInfo("apt-get") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        psi.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            return (-1, $"apt-get {string.Join(" ", arguments)} ran over 8 minutes");
        }
        return (p.ExitCode, (await stdout) + (await stderr));
    }
}
