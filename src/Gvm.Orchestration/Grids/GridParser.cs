using Gvm.Core.Runs;
using Gvm.Orchestration.Launchers;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gvm.Orchestration.Grids;

/// <summary>
/// Reads a grid file with YamlDotNet's representation model (which keeps line:column marks). Structure only:
/// spec values are checked when the planner resolves them (<see cref="SpecOverlay"/>). A launcher's own section
/// (<c>backend.slurm</c>) is read by that launcher (<see cref="ILauncherKind.ParseSection"/>).
/// </summary>
public static class GridParser
{
    private static readonly string[] TopKeys = ["name", "description", "defaults", "backend", "stages", "pairs"];
    private static readonly string[] StageKeys = ["needs", "for_each", "spec", "axes", "exclude", "include", "resources"];
    private static readonly string[] ResourceKeys = ["gpus", "cpus", "memory_mb", "timeout_s"];
    private static readonly string[] BackendKeys = ["launcher", "parallel", "retries", "requires_gpu"];
    private static readonly string[] PairKeys = ["baseline", "candidate", "name"];

    /// <param name="launchers">The launchers a grid may name and configure; null = <see cref="RunLaunchers.Shipped"/>.</param>
    public static GridDefinition Load(string path, RunLaunchers? launchers = null) =>
        Parse(Gvm.Core.Inputs.InputFiles.ReadAllText(path), path, launchers);

    /// <param name="launchers">The launchers a grid may name and configure; null = <see cref="RunLaunchers.Shipped"/>.</param>
    public static GridDefinition Parse(string text, string file, RunLaunchers? launchers = null)
    {
        launchers ??= RunLaunchers.Shipped;
        var y = new YamlNodes(file);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new GridException(file, e.Start.Line, e.Start.Column, "", $"invalid YAML: {e.InnerException?.Message ?? e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner throws this (without a position) on some malformed plain scalars
            throw new GridException(file, 1, 1, "", $"invalid YAML: {e.Message}", e);
        }
        if (stream.Documents.Count != 1) throw new GridException(file, 1, 1, "", "expected exactly one YAML document");
        var root = y.Mapping(stream.Documents[0].RootNode, "");

        string? name = null;
        var description = "";
        YamlMappingNode? defaults = null;
        var backend = new GridBackend();
        List<GridStage>? stages = null;
        var pairs = new List<GridPairRule>();
        foreach (var (key, _, value) in y.Entries(root, "", TopKeys))
        {
            switch (key)
            {
                case "name": name = y.String(value, key); break;
                case "description": description = y.String(value, key); break;
                case "defaults": defaults = y.Mapping(value, key); break;
                case "backend": backend = ParseBackend(y, y.Mapping(value, key), launchers); break;
                case "stages": stages = ParseStages(y, y.Mapping(value, key)); break;
                case "pairs": pairs = ParsePairs(y, y.Sequence(value, key)); break;
            }
        }
        var mark = y.MarkOf(root);
        if (string.IsNullOrWhiteSpace(name)) throw mark.Error("name", "is required");
        if (!IsIdentifier(name)) throw mark.Error("name", $"'{name}' must start with a letter or digit and use letters, digits, '.', '-' or '_' (it names the sweep directory)");
        if (stages is null || stages.Count == 0) throw mark.Error("stages", "at least one stage is required");
        CheckNeeds(stages);
        return new GridDefinition
        {
            File = file, Name = name, Description = description, Defaults = defaults, Backend = backend,
            Stages = stages, Pairs = pairs, Mark = mark,
        };
    }

    private static GridBackend ParseBackend(YamlNodes y, YamlMappingNode map, RunLaunchers launchers)
    {
        var b = new GridBackend();
        var sections = new Dictionary<string, LauncherSettings>(StringComparer.Ordinal);
        foreach (var (key, _, v) in y.Entries(map, "backend", [.. BackendKeys, .. launchers.WithSections.Select(k => k.Name)]))
        {
            var f = $"backend.{key}";
            switch (key)
            {
                case "launcher":
                    b = b with { Launcher = y.String(v, f) };
                    if (launchers.Find(b.Launcher) is null)
                        throw y.MarkOf(v).Error(f, $"unknown launcher '{b.Launcher}'; expected {launchers.Choices}");
                    break;
                case "parallel": b = b with { Parallel = y.Int(v, f, min: 1) }; break;
                case "retries": b = b with { Retries = y.Int(v, f, min: 0) }; break;
                case "requires_gpu": b = b with { RequiresGpu = y.Bool(v, f) }; break;
                default: sections[key] = launchers.Get(key).ParseSection(new GridLauncherSection(y, y.Mapping(v, f), f)); break;
            }
        }
        return b with { Sections = sections };
    }

    private static List<GridStage> ParseStages(YamlNodes y, YamlMappingNode map)
    {
        var stages = new List<GridStage>();
        foreach (var (name, keyNode, value) in y.Entries(map, "stages"))
        {
            var p = $"stages.{name}";
            if (!IsIdentifier(name)) throw y.MarkOf(keyNode).Error(p, "stage names start with a letter or digit and use letters, digits, '.', '-' or '_'");
            var stage = new GridStage { Name = name, Mark = y.MarkOf(keyNode) };
            if (YamlNodes.IsNull(value)) { stages.Add(stage); continue; }
            foreach (var (key, _, v) in y.Entries(y.Mapping(value, p), p, StageKeys))
            {
                var f = $"{p}.{key}";
                stage = key switch
                {
                    "needs" => stage with { Needs = y.Strings(v, f) },
                    "for_each" => stage with { ForEach = y.String(v, f) },
                    "spec" => stage with { Spec = y.Mapping(v, f) },
                    "axes" => stage with { Axes = ParseAxes(y, y.Mapping(v, f), f) },
                    "exclude" => stage with { Exclude = ParseCells(y, y.Sequence(v, f), f) },
                    "include" => stage with { Include = ParseCells(y, y.Sequence(v, f), f) },
                    _ => stage with { Resources = ParseResources(y, y.Mapping(v, f), f) },
                };
            }
            stages.Add(stage);
        }
        return stages;
    }

    private static List<GridAxis> ParseAxes(YamlNodes y, YamlMappingNode map, string prefix)
    {
        var axes = new List<GridAxis>();
        foreach (var (name, keyNode, v) in y.Entries(map, prefix))
        {
            var f = $"{prefix}.{name}";
            var path = GridAxes.SpecPath(name) ?? throw y.MarkOf(keyNode).Error(f,
                $"unknown axis; use a dotted spec path or one of: {string.Join(", ", GridAxes.Aliases.Keys)}");
            var values = v is YamlScalarNode s ? [s] : y.Sequence(v, f).Children.Select((c, i) => y.Scalar(c, $"{f}[{i}]")).ToList();
            if (values.Count == 0) throw y.MarkOf(v).Error(f, "an axis needs at least one value");
            axes.Add(new GridAxis(name, path, values));
        }
        return axes;
    }

    private static List<IReadOnlyList<GridAssignment>> ParseCells(YamlNodes y, YamlSequenceNode seq, string prefix)
    {
        var cells = new List<IReadOnlyList<GridAssignment>>();
        var i = 0;
        foreach (var item in seq.Children)
        {
            var p = $"{prefix}[{i++}]";
            var cell = new List<GridAssignment>();
            foreach (var (name, keyNode, v) in y.Entries(y.Mapping(item, p), p))
            {
                var path = GridAxes.SpecPath(name) ?? throw y.MarkOf(keyNode).Error($"{p}.{name}", "unknown axis or spec path");
                cell.Add(new GridAssignment(name, path, y.Scalar(v, $"{p}.{name}")));
            }
            cells.Add(cell);
        }
        return cells;
    }

    private static GridResources ParseResources(YamlNodes y, YamlMappingNode map, string prefix)
    {
        var r = new GridResources();
        foreach (var (key, _, v) in y.Entries(map, prefix, ResourceKeys))
        {
            var f = $"{prefix}.{key}";
            r = key switch
            {
                "gpus" => r with { Gpus = y.Int(v, f, min: 0) },
                "cpus" => r with { Cpus = y.Int(v, f, min: 1) },
                "memory_mb" => r with { MemoryMb = y.Int(v, f, min: 0) },
                _ => r with { TimeoutSeconds = y.Double(v, f, min: 0) },
            };
        }
        return r;
    }

    private static List<GridPairRule> ParsePairs(YamlNodes y, YamlSequenceNode seq)
    {
        var pairs = new List<GridPairRule>();
        var i = 0;
        foreach (var item in seq.Children)
        {
            var p = $"pairs[{i++}]";
            GridPairSide? baseline = null, candidate = null;
            string? name = null;
            foreach (var (key, _, v) in y.Entries(y.Mapping(item, p), p, PairKeys))
            {
                var f = $"{p}.{key}";
                if (key == "name") { name = y.String(v, f); continue; }
                var side = ParsePairSide(y, v, f);
                if (key == "baseline") baseline = side; else candidate = side;
            }
            var m = y.MarkOf(item);
            if (baseline is null) throw m.Error($"{p}.baseline", "is required");
            if (candidate is null) throw m.Error($"{p}.candidate", "is required");
            if (baseline.Label == candidate.Label) throw m.Error($"{p}.candidate", "must differ from the baseline (in the algorithm or an axis value)");
            pairs.Add(new GridPairRule(baseline, candidate, name ?? $"{baseline.Label} vs {candidate.Label}"));
        }
        return pairs;
    }

    /// <summary>
    /// <c>grpo</c>, or an ablation side <c>{ algorithm: gvm_grpo, stage: abl, presamples: 4 }</c> (a stage name and/or axis
    /// values, axis names as the stages write them).
    /// </summary>
    private static GridPairSide ParsePairSide(YamlNodes y, YamlNode node, string field)
    {
        Algorithm? algorithm = null;
        string? stage = null;
        var axes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is YamlScalarNode)
        {
            algorithm = ParsePairAlgorithm(y, node, field);
        }
        else
        {
            foreach (var (key, _, v) in y.Entries(y.Mapping(node, field), field, null))
            {
                var f = $"{field}.{key}";
                if (key == "algorithm") { algorithm = ParsePairAlgorithm(y, v, f); continue; }
                if (key == "stage") { stage = y.String(v, f); continue; }
                if (GridAxes.SpecPath(key) is null)
                    throw y.MarkOf(v).Error(f, $"unknown axis; use a dotted spec path or one of: {string.Join(", ", GridAxes.Aliases.Keys)}");
                axes[key] = y.String(v, f);
            }
            if (algorithm is null) throw y.MarkOf(node).Error($"{field}.algorithm", "is required");
        }
        return new GridPairSide(algorithm.Value, stage, axes);
    }

    private static Algorithm ParsePairAlgorithm(YamlNodes y, YamlNode v, string field)
    {
        var text = y.String(v, field);
        if (!AlgorithmNames.TryParse(text, out var a))
            throw y.MarkOf(v).Error(field, $"unknown algorithm '{text}'; supported: {string.Join(", ", AlgorithmNames.Names)}");
        if (!a.IsRl()) throw y.MarkOf(v).Error(field, $"'{text}' is not an RL algorithm; pairs compare {Algorithms.RlNames()}");
        return a;
    }

    private static void CheckNeeds(List<GridStage> stages)
    {
        var seen = new HashSet<string>();
        foreach (var s in stages)
        {
            foreach (var n in s.Needs)
            {
                if (n == s.Name) throw s.Mark.Error($"stages.{s.Name}.needs", "a stage cannot need itself");
                if (!seen.Contains(n))
                    throw s.Mark.Error($"stages.{s.Name}.needs",
                        stages.Any(x => x.Name == n) ? $"'{n}' must be declared before '{s.Name}'" : $"unknown stage '{n}'");
            }
            if (s.ForEach is { } each)
            {
                var f = $"stages.{s.Name}.for_each";
                if (each == s.Name) throw s.Mark.Error(f, "a stage cannot run for each of its own runs");
                if (!seen.Contains(each))
                    throw s.Mark.Error(f, stages.Any(x => x.Name == each) ? $"'{each}' must be declared before '{s.Name}'" : $"unknown stage '{each}'");
            }
            seen.Add(s.Name);
        }
    }

    /// <summary>
    /// A safe path segment (grid and stage names name directories): starts with a letter or digit, so never "." or
    /// "..", then letters, digits, '.', '-' or '_'; at most 100 characters.
    /// </summary>
    private static bool IsIdentifier(string s) =>
        s.Length is > 0 and <= 100 && char.IsAsciiLetterOrDigit(s[0]) && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');
}
