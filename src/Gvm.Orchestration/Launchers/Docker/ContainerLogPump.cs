using System.Globalization;
using Docker.DotNet;
using Docker.DotNet.Models;
using Gvm.Core.Runs;

namespace Gvm.Orchestration.Launchers.Docker;

/// <summary>
/// Follows one container's stdout and stderr into RUN_DIR/stdout.log and stderr.log (appending) until it exits.
/// After a re-attach it asks only for lines since the logs were last written (lines of that one second may repeat).
/// </summary>
internal static class ContainerLogPump
{
    public static Task Start(DockerClient client, string containerId, string runDir, bool resume, CancellationToken cancellationToken) =>
        Task.Run(() => PumpAsync(client, containerId, runDir, resume, cancellationToken), CancellationToken.None);

    private static async Task PumpAsync(DockerClient client, string containerId, string runDir, bool resume, CancellationToken cancellationToken)
    {
        var stdoutPath = Path.Combine(runDir, RunFiles.Stdout);
        var stderrPath = Path.Combine(runDir, RunFiles.Stderr);
        var parameters = new ContainerLogsParameters { Follow = true, ShowStdout = true, ShowStderr = true };
        if (resume) parameters.Since = LastWrite(stdoutPath, stderrPath).ToString(CultureInfo.InvariantCulture);
        try
        {
            using var stream = await client.Containers.GetContainerLogsAsync(containerId, parameters, cancellationToken).ConfigureAwait(false);
            await using var stdout = new FileStream(stdoutPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            await using var stderr = new FileStream(stderrPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            await stream.CopyOutputToAsync(Stream.Null, stdout, stderr, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // the launcher is being disposed; the container keeps running and a restarted orchestrator resumes the logs
        }
        catch (Exception e) when (e is IOException or HttpRequestException or DockerApiException)
        {
            // The engine went away mid-stream: say so where the user reads the logs; WaitAsync reports the attempt.
            await File.AppendAllTextAsync(stderrPath, $"[gvm docker launcher] log stream of container {containerId[..Math.Min(12, containerId.Length)]} lost: {e.Message}\n",
                CancellationToken.None).ConfigureAwait(false);
        }
        catch (DockerContainerNotFoundException)
        {
            // removed before its logs were read (e.g. cleaned up by hand); WaitAsync reports the attempt as lost
        }
    }

    private static long LastWrite(params string[] paths)
    {
        var latest = paths.Where(File.Exists).Select(File.GetLastWriteTimeUtc).DefaultIfEmpty(DateTime.UnixEpoch).Max();
        return new DateTimeOffset(latest, TimeSpan.Zero).ToUnixTimeSeconds();
    }
}
