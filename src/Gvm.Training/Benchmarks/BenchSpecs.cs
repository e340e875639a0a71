using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Gvm.Core.Runs;

namespace Gvm.Training.Benchmarks;

/// <summary>
/// The run specs of the trainer benchmark, edited as JSON rather than re-serialised from <see cref="RunSpec"/>: a
/// revision compared against reads only the fields the spec file has (plus the few set here), so it does not trip over
/// fields this build added with defaults.
/// </summary>
public static partial class BenchSpecs
{
    /// <summary>
    /// An RL spec of <paramref name="steps"/> steps from <paramref name="checkpoint"/>: no periodic evaluation or
    /// checkpoint (the trainer still evaluates at step 0 and at the end, outside the timed steps), no time cap.
    /// </summary>
    public static JsonObject Rl(string specJson, string source, Algorithm algorithm, string checkpoint, int steps, int threads)
    {
        var spec = Parse(specJson, source);
        spec["name"] = $"bench-{algorithm.ToName()}";
        spec["algorithm"] = algorithm.ToName();
        if (threads > 0) spec["threads"] = threads;
        var model = Object(spec, "model");
        model["preset"] = null;
        model["checkpoint"] = checkpoint;
        var schedule = Object(spec, "schedule");
        schedule["steps"] = steps;
        schedule["eval_every"] = 0;
        schedule["checkpoint_every"] = 0;
        schedule["max_seconds"] = 0;
        if (schedule.ContainsKey("stop_at_step")) schedule["stop_at_step"] = 0;
        return spec;
    }

    /// <summary>The SFT spec of the warm start, stopped after <paramref name="warmSteps"/> steps (0 = as the spec says).</summary>
    public static JsonObject WarmStart(string specJson, string source, int warmSteps)
    {
        var spec = Parse(specJson, source);
        if (warmSteps > 0) Object(spec, "schedule")["stop_at_step"] = warmSteps;
        return spec;
    }

    /// <summary>Short content hash (12 hex digits) naming a cached warm start.</summary>
    public static string Hash(JsonObject spec) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(spec.ToJsonString())))[..12];

    public static string Write(JsonObject spec, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, spec.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    /// <summary>Reads <c>optim.ppo_epochs</c> (default 1).</summary>
    public static int PpoEpochs(JsonObject spec) =>
        spec["optim"] is JsonObject o && o["ppo_epochs"] is JsonValue v ? v.GetValue<int>() : 1;

    /// <summary>
    /// A spec field an older build does not know: <c>gvm train</c> rejects it with the JSON path in its message
    /// (<c>$.sampling.foo: The JSON property 'foo' could not be mapped ...</c>). Returns the dotted path, or null.
    /// </summary>
    public static string? UnknownField(string message)
    {
        var match = UnknownFieldPattern().Match(message);
        return match.Success ? match.Groups[1].Value : null;
    }

    /// <summary>Removes a dotted path (as <see cref="UnknownField"/> returns it) from the spec; false when absent.</summary>
    public static bool Remove(JsonObject spec, string path)
    {
        var parts = path.Split('.');
        JsonObject node = spec;
        foreach (var part in parts[..^1])
        {
            if (node[part] is not JsonObject child) return false;
            node = child;
        }
        return node.Remove(parts[^1]);
    }

    private static JsonObject Parse(string json, string source) =>
        JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException($"{source}: not a JSON object");

    private static JsonObject Object(JsonObject spec, string name)
    {
        if (spec[name] is JsonObject o) return o;
        var created = new JsonObject();
        spec[name] = created;
        return created;
    }

    [GeneratedRegex(@"\$\.([A-Za-z0-9_.]+): The JSON property '[^']*' could not be mapped")]
    private static partial Regex UnknownFieldPattern();
}
