using System.Text.Json;
using Gvm.Core.Runs;

namespace Gvm.Orchestration.Metrics;

/// <summary>Tolerant reads of a run's status.json and result.json (the trainer may add fields).</summary>
public static class RunStatusFile
{
    public sealed record Snapshot(string State, int Step, int TotalSteps, DateTimeOffset? Heartbeat, int Pid);

    public static Snapshot? ReadStatus(string runDir)
    {
        var doc = TryRead(Path.Combine(runDir, RunFiles.Status));
        if (doc is null) return null;
        using (doc)
        {
            var r = doc.RootElement;
            return new Snapshot(
                Str(r, "state") ?? "starting",
                Int(r, "step"), Int(r, "total_steps"),
                r.TryGetProperty("heartbeat", out var h) && h.ValueKind == JsonValueKind.String && h.TryGetDateTimeOffset(out var hb) ? hb : null,
                Int(r, "pid"));
        }
    }

    /// <summary>The state in result.json ("succeeded", ...), or null when there is none.</summary>
    public static string? ReadResultState(string runDir)
    {
        using var doc = TryRead(Path.Combine(runDir, RunFiles.Result));
        return doc is null ? null : Str(doc.RootElement, "state");
    }

    private static JsonDocument? TryRead(string path)
    {
        try
        {
            return File.Exists(path) ? JsonDocument.Parse(File.ReadAllText(path)) : null;
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            return null; // written atomically by the trainer; a torn or missing file reads as "no news"
        }
    }

    private static string? Str(JsonElement r, string name) =>
        r.ValueKind == JsonValueKind.Object && r.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static int Int(JsonElement r, string name) =>
        r.ValueKind == JsonValueKind.Object && r.TryGetProperty(name, out var v) && v.TryGetInt32(out var i) ? i : 0;
}
