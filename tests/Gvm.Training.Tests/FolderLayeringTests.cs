using System.Text.RegularExpressions;
using Gvm.Core.IO;

namespace Gvm.Training.Tests;

/// <summary>
/// The folders of src/Gvm.Training import one way (docs/architecture.md, "Inside Gvm.Training"): a folder may use only
/// folders of lower layers. Read from the sources' <c>using Gvm.Training.X;</c> lines, so a new upward import fails here.
/// </summary>
public partial class FolderLayeringTests
{
    /// <summary>Bottom to top; a folder may import folders of its own or lower layers only (never its own layer's siblings).</summary>
    private static readonly string[][] Layers =
    [
        ["Model", "Devices"],
        ["Checkpoints", "Generation", "Losses", "Rewards"],
        ["Optim", "Rollout", "Benchmarks"],
        ["State", "Eval"],
        ["Real"],
        ["Tasks"],
        ["Rl", "Sft"],
        ["Study"],
        ["Trainer"],
    ];

    [GeneratedRegex(@"^using Gvm\.Training\.(\w+);", RegexOptions.Multiline)]
    private static partial Regex TrainingUsing();

    [Fact]
    public void Every_folder_imports_only_lower_layers()
    {
        var root = Path.Combine(RepoPaths.FindRepoRoot() ?? throw new DirectoryNotFoundException("repository root"), "src", "Gvm.Training");
        var layerOf = Layers.SelectMany((names, k) => names.Select(n => (n, k))).ToDictionary(x => x.n, x => x.k);
        var folders = Directory.GetDirectories(root).Select(Path.GetFileName).Where(d => d is not ("bin" or "obj")).ToArray();
        Assert.Equal(layerOf.Keys.Order(), folders.Order()); // a new folder must be placed in a layer here

        var violations = new List<string>();
        foreach (var folder in folders)
            foreach (var file in Directory.GetFiles(Path.Combine(root, folder!), "*.cs", SearchOption.AllDirectories))
                foreach (Match m in TrainingUsing().Matches(File.ReadAllText(file)))
                {
                    var used = m.Groups[1].Value;
                    if (used == folder) continue;
                    if (!layerOf.TryGetValue(used, out var usedLayer) || usedLayer >= layerOf[folder!])
                        violations.Add($"{folder}/{Path.GetFileName(file)} uses {used}");
                }
        Assert.Empty(violations);
    }
}
