namespace Gvm.Core.Runs;

/// <summary>The training algorithms a run can use. JSON/YAML spelling in brackets.</summary>
public enum Algorithm
{
    /// <summary>Supervised warm start on reference solutions ("sft").</summary>
    Sft,
    /// <summary>RAFT++: rejection sampling with clipped importance ratios, uniform N per prompt ("raft_pp").</summary>
    RaftPlusPlus,
    /// <summary>RAFT++ with the GVM sample allocation ("gvm_raft_pp").</summary>
    GvmRaftPlusPlus,
    /// <summary>GRPO with uniform N per prompt ("grpo").</summary>
    Grpo,
    /// <summary>GRPO with the GVM sample allocation ("gvm_grpo").</summary>
    GvmGrpo,
    /// <summary>No training: evaluates <c>model.checkpoint</c> once with the eval protocol ("eval"; a grid's eval stage).</summary>
    Eval,
    /// <summary>
    /// No training: measures the gradient variance of RAFT++ and GRPO, uniform vs GVM allocation, at
    /// <c>model.checkpoint</c> ("variance_study"; a grid's study stage, options in <c>study</c>; docs/trainer.md).
    /// </summary>
    VarianceStudy,
}

public static class AlgorithmNames
{
    private static readonly (Algorithm Value, string Name, string Display)[] Table =
    [
        (Algorithm.Sft, "sft", "SFT"),
        (Algorithm.RaftPlusPlus, "raft_pp", "RAFT++"),
        (Algorithm.GvmRaftPlusPlus, "gvm_raft_pp", "GVM-RAFT++"),
        (Algorithm.Grpo, "grpo", "GRPO"),
        (Algorithm.GvmGrpo, "gvm_grpo", "GVM-GRPO"),
        (Algorithm.Eval, "eval", "Eval"),
        (Algorithm.VarianceStudy, "variance_study", "Variance study"),
    ];

    public static string ToName(this Algorithm a) => Table.First(t => t.Value == a).Name;

    public static string ToDisplay(this Algorithm a) => Table.First(t => t.Value == a).Display;

    public static bool UsesGvm(this Algorithm a) => a is Algorithm.GvmRaftPlusPlus or Algorithm.GvmGrpo;

    public static bool IsRl(this Algorithm a) => a is Algorithm.RaftPlusPlus or Algorithm.GvmRaftPlusPlus or Algorithm.Grpo or Algorithm.GvmGrpo;

    /// <summary>Algorithms that train nothing and only read <c>model.checkpoint</c> (eval, variance_study).</summary>
    public static bool TrainsNothing(this Algorithm a) => a is Algorithm.Eval or Algorithm.VarianceStudy;

    /// <summary>Parses "gvm_raft_pp", "GVM-RAFT++", "raft++" and similar spellings.</summary>
    public static bool TryParse(string? text, out Algorithm algorithm)
    {
        algorithm = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var key = Normalize(text);
        foreach (var t in Table)
        {
            if (Normalize(t.Name) == key || Normalize(t.Display) == key)
            {
                algorithm = t.Value;
                return true;
            }
        }
        return false;
    }

    public static Algorithm Parse(string text) =>
        TryParse(text, out var a)
            ? a
            : throw new FormatException($"unknown algorithm '{text}'; supported: {string.Join(", ", Table.Select(t => t.Name))}");

    public static IReadOnlyList<string> Names => Table.Select(t => t.Name).ToArray();

    private static string Normalize(string s) =>
        new string(s.ToLowerInvariant().Replace("++", "pp").Where(char.IsLetterOrDigit).ToArray());
}
