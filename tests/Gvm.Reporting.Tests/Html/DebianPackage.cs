using System.Diagnostics;

namespace Gvm.Reporting.Tests.Html;

/// <summary>
/// Installs a Debian package the tests need when its program is missing (the approach of the orchestration tests'
/// AptPackages): one install at a time in this process, dpkg's lock waited for rather than fought over
/// (<c>DPkg::Lock::Timeout</c>; another agent may hold it), and one <c>apt-get update</c> then a retry when the first
/// install fails (stale package lists). Unlike there, the program is looked up first, so a machine that has it never
/// touches apt, and recommends are skipped (a headless browser needs no desktop integration).
/// </summary>
internal static class DebianPackage
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>The full path of <paramref name="program"/>, installing <paramref name="package"/> first if it is not on PATH.</summary>
    public static async Task<string> EnsureAsync(string program, string package)
    {
        await Gate.WaitAsync();
        try
        {
            if (Find(program) is { } found) return found;
            string[] install = ["install", "-y", "-qq", "--no-install-recommends", "-o", "DPkg::Lock::Timeout=600", package];
            var (code, output) = await AptGetAsync(install);
            if (code != 0)
            {
                await AptGetAsync(["update", "-qq", "-o", "DPkg::Lock::Timeout=600"]);
                (code, output) = await AptGetAsync(install);
            }
            return Find(program) ?? throw new InvalidOperationException(
                $"{program} is not installed and 'apt-get install {package}' failed (exit {code}; root is needed): {Tail(output)}");
        }
        finally
        {
            Gate.Release();
        }
    }

    private static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists);

    private static async Task<(int Code, string Output)> AptGetAsync(IReadOnlyList<string> arguments)
    {
        var psi = new ProcessStartInfo("apt-get") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        psi.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        // Lock wait (10 min) plus a download of about 80 MB.
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(20));
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            return (-1, $"apt-get {string.Join(" ", arguments)} ran over 20 minutes");
        }
        return (p.ExitCode, (await stdout) + (await stderr));
    }

    private static string Tail(string text) => text.Length <= 2000 ? text : "…" + text[^2000..];
}
