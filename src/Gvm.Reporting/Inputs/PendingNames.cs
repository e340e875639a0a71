namespace Gvm.Reporting.Inputs;

/// <summary>
/// Run-contract names the trainer is gaining (issue 19) that Gvm.Core.Runs does not list yet. The report reads them
/// when present and skips quietly when not; once MetricNames / RunFiles carry them, these point there.
/// </summary>
public static class PendingNames
{
    /// <summary>Problems in one evaluation (metrics.jsonl, with each eval record).</summary>
    public const string EvalProblems = "eval/problems";
    /// <summary>Mean length in tokens of the stage-2 responses of a step.</summary>
    public const string ResponseLengthMean = "train/response_length_mean";
    /// <summary>Share of tokens whose importance ratio was clipped in the policy update.</summary>
    public const string ClipFraction = "train/clip_fraction";
    /// <summary>One JSON object per prompt sampled in stage 2: step, prompt_id, level, samples, accepted.</summary>
    public const string PassRatesFile = "pass_rates.jsonl";
}
