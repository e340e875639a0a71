using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gvm.Core;
using Gvm.Core.Runs;

namespace Gvm.Orchestration.Planning;

/// <summary>Stable ids: a run is named by the hash of its canonical resolved spec, so the same cell keeps its id.</summary>
public static class RunIds
{
    /// <summary>Prefix of a dependency reference in the hashed spec (a checkpoint path would tie the id to the sweep directory).</summary>
    public const string DependencyPrefix = "run:";

    /// <summary>
    /// The id of a run: first 12 hex digits of SHA-256 over the single-line JSON of <paramref name="hashedSpec"/>,
    /// in which a checkpoint coming from a <c>needs</c> stage is written as <c>run:&lt;dependency id&gt;</c>.
    /// </summary>
    public static string ForSpec(RunSpec hashedSpec) => Hash(JsonSerializer.Serialize(hashedSpec, GvmJson.Line));

    public static string ForSweep(string name, IEnumerable<string> runIds) =>
        Hash(name + "\n" + string.Join("\n", runIds.Order(StringComparer.Ordinal)));

    private static string Hash(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];
}
