using System.Diagnostics;

namespace Gvm.Reporting.Tests.Html;

/// <summary>What a headless Chromium run printed: the DOM after load (or nothing for a screenshot) and its stderr log.</summary>
internal sealed record ChromiumRun(int ExitCode, string Stdout, string Stderr);

/// <summary>
/// Runs Debian's chromium headless against a local file, offline and with a fresh profile per run: no sandbox (tests
/// run as root), no GPU, no QUIC, no first-run, background networking, component updates or sync.
/// </summary>
internal static class HeadlessChromium
{
    public static async Task<ChromiumRun> RunAsync(string chromium, string file, params string[] mode)
    {
        var profile = Directory.CreateTempSubdirectory("gvm-chromium-profile-");
        try
        {
            var psi = new ProcessStartInfo(chromium) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         $"--user-data-dir={profile.FullName}",
                         // Lets the load event and image decoding finish before the DOM is dumped or the screenshot taken.
                         "--virtual-time-budget=10000",
                         // Console messages go to stderr as "INFO:CONSOLE(line)" lines.
                         "--enable-logging=stderr", "--v=0",
                     }.Concat(mode).Append(new Uri(file).AbsoluteUri))
                psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            try
            {
                await p.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                p.Kill(entireProcessTree: true);
                throw new TimeoutException($"chromium ran over 3 minutes on {file}: {await stderr}");
            }
            return new ChromiumRun(p.ExitCode, await stdout, await stderr);
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
