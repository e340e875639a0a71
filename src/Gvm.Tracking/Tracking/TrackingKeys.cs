using System.Text.RegularExpressions;

namespace Gvm.Tracking.Tracking;

/// <summary>Tag names, key validation and value limits shared by the tracker, the journal and the export.</summary>
public static partial class TrackingKeys
{
    /// <summary>The orchestrator's stable run id; searched before creating a run so a restarted sweep continues it.</summary>
    public const string RunKey = "gvm.run_key";
    public const string ParentRunId = "mlflow.parentRunId";
    public const string RunName = "mlflow.runName";
    public const string User = "mlflow.user";
    public const string SourceName = "mlflow.source.name";
    public const string SourceType = "mlflow.source.type";
    public const string GitCommit = "mlflow.source.git.commit";
    public const string Note = "mlflow.note.content";

    /// <summary>Server limits (spec §3): longer values would be truncated silently by the server, so we cut them ourselves.</summary>
    public const int MaxKeyLength = 250, MaxParamValue = 6000, MaxTagValue = 8000;

    // MLflow's ^[/\w.\- :]*$ without the colon, which a Windows server refuses (spec §3).
    [GeneratedRegex(@"^[/\w.\- ]*$")]
    private static partial Regex KeyPattern();

    /// <summary>Why <paramref name="key"/> is not a valid metric/param/tag key, or null when it is.</summary>
    public static string? KeyProblem(string key)
    {
        if (string.IsNullOrEmpty(key)) return "is empty";
        if (key.Length > MaxKeyLength) return $"is longer than {MaxKeyLength} characters";
        if (!KeyPattern().IsMatch(key)) return "may only contain alphanumerics, underscores, dashes, periods, spaces and slashes";
        if (key == "." || key.StartsWith("..", StringComparison.Ordinal) || key.StartsWith('/') || key.EndsWith('/')
            || key.Contains("//", StringComparison.Ordinal) || key.Contains("/./", StringComparison.Ordinal)
            || key.Contains("/../", StringComparison.Ordinal) || key.EndsWith("/.", StringComparison.Ordinal))
            return "is not a normalised relative path (it becomes a file name in the FileStore)";
        return null;
    }

    public static void EnsureValidKey(string key, string kind)
    {
        if (KeyProblem(key) is { } problem) throw new ArgumentException($"{kind} key '{key}' {problem}");
    }

    public static string CutParam(string value) => value.Length <= MaxParamValue ? value : value[..MaxParamValue];

    public static string CutTag(string value) => value.Length <= MaxTagValue ? value : value[..MaxTagValue];
}
