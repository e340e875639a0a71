using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gvm.Core;
using Gvm.Core.IO;
using Gvm.Core.Runs;

namespace Gvm.Training.Study;

/// <summary>Everything one shard contributes to a study (a shard's numbers do not depend on the other shards), and the
/// wall seconds it took to measure.</summary>
public sealed record ShardResult(IReadOnlyList<StudyRow> Rows, StudyReference Reference, IReadOnlyList<StudyAllocationRecord> Allocations,
    IReadOnlyDictionary<string, double[]> Cosines, double Seconds = 0);

/// <summary>
/// Finished shards of a study, one JSON file each (<c>shards/shard_NNN.json</c>, written whole and renamed into place), so
/// rerunning the same command after a crash, a stop or a timeout resumes at the first unfinished shard, and a study with
/// more shards reuses the ones already measured. A file counts only when its fingerprint matches: the resolved spec
/// (checkpoint path included), the checkpoint's weight files (names, sizes, modification times) and the counts that
/// change a shard's numbers (prompts, reference samples, repeats, seed). Thread count and micro-batch size are left out
/// (they change float rounding only).
/// </summary>
public sealed class StudyShardStore(string directory, string fingerprint)
{
    public const string Directory = "shards";

    private sealed record Entry(string Fingerprint, ShardResult Result);

    public string PathOf(int shard) => Path.Combine(directory, $"shard_{shard:D3}.json");

    /// <summary>The shard kept by an earlier run with the same fingerprint, or null.</summary>
    public ShardResult? Load(int shard)
    {
        var path = PathOf(shard);
        if (!File.Exists(path)) return null;
        try
        {
            var entry = JsonSerializer.Deserialize<Entry>(File.ReadAllText(path), GvmJson.Options);
            return entry?.Fingerprint == fingerprint ? entry.Result : null;
        }
        catch (JsonException)
        {
            return null; // a file from another version of the study: measured again and overwritten
        }
    }

    public void Save(int shard, ShardResult result)
    {
        System.IO.Directory.CreateDirectory(directory);
        AtomicFile.WriteAllText(PathOf(shard), JsonSerializer.Serialize(new Entry(fingerprint, result), GvmJson.Options));
    }

    /// <summary>SHA-256 (hex) of what a shard's numbers depend on; see the class summary.</summary>
    public static string Fingerprint(RunSpec spec, VarianceStudyOptions options)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        var text = new StringBuilder();
        text.Append(spec.ToJson()).Append('\n');
        text.Append($"prompts={options.Prompts} reference_samples={options.ReferenceSamples} repeats={options.Repeats} seed={options.Seed}\n");
        if (spec.Model.Checkpoint is { } dir && System.IO.Directory.Exists(dir))
            foreach (var file in new DirectoryInfo(dir).EnumerateFiles().OrderBy(f => f.Name, StringComparer.Ordinal))
                text.Append($"{file.Name} {file.Length} {file.LastWriteTimeUtc.Ticks}\n");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
