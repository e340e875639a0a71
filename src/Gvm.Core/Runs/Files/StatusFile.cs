using System.Text.Json;
using Gvm.Core.IO;

namespace Gvm.Core.Runs.Files;

/// <summary>What an orchestrator needs from a live run's status.json; absent or mistyped fields read as their defaults.</summary>
public sealed record StatusSnapshot(string State, int Step, int TotalSteps, DateTimeOffset? Heartbeat, int Pid)
{
    /// <summary>The trainer's message (why a run failed or stopped), or null.</summary>
    public string? Message { get; init; }
}

/// <summary>
/// The codec of <see cref="RunFiles.Status"/> (a <see cref="RunStatus"/>, rewritten atomically by the trainer) and
/// <see cref="RunFiles.Result"/> (a <see cref="RunResult"/>, written once): <see cref="GvmJson.Options"/> on write; typed
/// reads use the same records, and the tolerant reads of a live run take their field names from them.
/// </summary>
public static class StatusFile
{
    private static readonly string State = Name(nameof(RunStatus.State));
    private static readonly string Step = Name(nameof(RunStatus.Step));
    private static readonly string TotalSteps = Name(nameof(RunStatus.TotalSteps));
    private static readonly string Heartbeat = Name(nameof(RunStatus.Heartbeat));
    private static readonly string Pid = Name(nameof(RunStatus.Pid));
    private static readonly string Message = Name(nameof(RunStatus.Message));

    public static string Encode(RunStatus status) => JsonSerializer.Serialize(status, GvmJson.Options);

    public static string Encode(RunResult result) => JsonSerializer.Serialize(result, GvmJson.Options);

    /// <summary>status.json written atomically (a reader never sees half of it).</summary>
    public static void Write(string path, RunStatus status) => AtomicFile.WriteAllText(path, Encode(status));

    /// <summary>result.json written atomically.</summary>
    public static void Write(string path, RunResult result) => AtomicFile.WriteAllText(path, Encode(result));

    /// <summary>
    /// A tolerant read of status.json (the trainer may add fields): null when the file is missing or does not parse
    /// ("no news"); a missing state reads as "starting", other missing or mistyped fields as 0 or null.
    /// </summary>
    public static StatusSnapshot? TryRead(string path)
    {
        using var doc = TryParse(path);
        if (doc is null) return null;
        var r = doc.RootElement;
        return new StatusSnapshot(
            Str(r, State) ?? "starting",
            Int(r, Step), Int(r, TotalSteps),
            r.ValueKind == JsonValueKind.Object && r.TryGetProperty(Heartbeat, out var h) && h.ValueKind == JsonValueKind.String && h.TryGetDateTimeOffset(out var hb) ? hb : null,
            Int(r, Pid)) { Message = Str(r, Message) };
    }

    /// <summary>The state in result.json ("succeeded", ...), or null when there is none or it does not parse.</summary>
    public static string? TryReadResultState(string path)
    {
        using var doc = TryParse(path);
        return doc is null ? null : Str(doc.RootElement, Name(nameof(RunResult.State)));
    }

    private static string Name(string property) => GvmJson.Options.PropertyNamingPolicy!.ConvertName(property);

    private static JsonDocument? TryParse(string path)
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
        r.ValueKind == JsonValueKind.Object && r.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : 0;
}
