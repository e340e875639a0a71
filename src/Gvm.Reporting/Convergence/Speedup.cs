namespace Gvm.Reporting.Convergence;

/// <summary>How a speedup relates to the true one when a run was right-censored.</summary>
public enum SpeedupBound
{
    /// <summary>Both runs reached the target.</summary>
    Exact,
    /// <summary>The baseline never reached it: the true speedup is at least the value.</summary>
    LowerBound,
    /// <summary>The candidate never reached it: the true speedup is at most the value.</summary>
    UpperBound,
    /// <summary>Neither reached it, the target is undefined, or the candidate reached it at zero cost.</summary>
    Undefined,
}

/// <summary>A speedup S = t_baseline / t_candidate with its censoring.</summary>
public readonly record struct Speedup(double Value, SpeedupBound Bound)
{
    public static readonly Speedup Undefined = new(double.NaN, SpeedupBound.Undefined);

    /// <summary>
    /// S = t_baseline / t_candidate on one cost axis. A censored run enters with its t_max: a censored baseline makes
    /// S a lower bound, a censored candidate an upper bound; both censored is undefined.
    /// </summary>
    public static Speedup From(Crossing baseline, Crossing candidate)
    {
        if (baseline.Censored && candidate.Censored) return Undefined;
        var tb = baseline.Bound;
        var tc = candidate.Bound;
        if (!double.IsFinite(tb) || !double.IsFinite(tc) || tc <= 0 || tb < 0) return Undefined;
        var bound = baseline.Censored ? SpeedupBound.LowerBound
            : candidate.Censored ? SpeedupBound.UpperBound
            : SpeedupBound.Exact;
        return new Speedup(tb / tc, bound);
    }

    /// <summary>The bound of an aggregate over seeds: exact when all are; one direction when the censored ones agree.</summary>
    public static SpeedupBound Combine(IEnumerable<SpeedupBound> bounds)
    {
        var set = bounds.Where(b => b != SpeedupBound.Undefined).ToHashSet();
        if (set.Count == 0) return SpeedupBound.Undefined;
        var lower = set.Contains(SpeedupBound.LowerBound);
        var upper = set.Contains(SpeedupBound.UpperBound);
        if (lower && upper) return SpeedupBound.Undefined;
        return lower ? SpeedupBound.LowerBound : upper ? SpeedupBound.UpperBound : SpeedupBound.Exact;
    }

    /// <summary>"≥ " / "≤ " / "" prefix for tables.</summary>
    public static string Prefix(SpeedupBound bound) => bound switch
    {
        SpeedupBound.LowerBound => "≥ ",
        SpeedupBound.UpperBound => "≤ ",
        _ => "",
    };
}
