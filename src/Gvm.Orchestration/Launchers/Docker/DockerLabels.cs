using System.Globalization;
using System.Text;

namespace Gvm.Orchestration.Launchers.Docker;

/// <summary>
/// Labels on every trainer container: a restarted orchestrator finds its containers by them (not by name or by the
/// ledger alone), re-attaches to the live attempt and removes leftovers of older attempts.
/// </summary>
public static class DockerLabels
{
    public const string Sweep = "gvm.sweep";
    public const string Run = "gvm.run";
    public const string Attempt = "gvm.attempt";
    public const string Owner = "gvm.launcher";

    public static Dictionary<string, string> For(LaunchRequest request) => new()
    {
        [Sweep] = request.SweepId,
        [Run] = request.RunId,
        [Attempt] = request.Attempt.ToString(CultureInfo.InvariantCulture),
        [Owner] = "docker",
    };

    /// <summary>The label filter for every container of one run (any attempt).</summary>
    public static IDictionary<string, IDictionary<string, bool>> RunFilter(string sweepId, string runId) =>
        new Dictionary<string, IDictionary<string, bool>>
        {
            ["label"] = new Dictionary<string, bool> { [$"{Sweep}={sweepId}"] = true, [$"{Run}={runId}"] = true },
        };

    public static int? AttemptOf(IDictionary<string, string>? labels) =>
        labels is not null && labels.TryGetValue(Attempt, out var a)
            && int.TryParse(a, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>A readable container name: gvm-&lt;sweep&gt;-&lt;run&gt;-a&lt;attempt&gt;, reduced to [a-zA-Z0-9_.-].</summary>
    public static string ContainerName(LaunchRequest request)
    {
        var raw = $"gvm-{request.SweepId}-{request.RunId}-a{request.Attempt.ToString(CultureInfo.InvariantCulture)}";
        var sb = new StringBuilder(raw.Length);
        foreach (var c in raw) sb.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' ? c : '_');
        return sb.ToString();
    }
}
