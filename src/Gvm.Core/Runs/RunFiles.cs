namespace Gvm.Core.Runs;

/// <summary>The files of a run directory (the trainer's run contract).</summary>
public static class RunFiles
{
    public const string Spec = "spec.json";
    /// <summary>One JSON object per line: <c>step</c>, <c>time</c> (unix seconds) and named metrics (<see cref="MetricNames"/>).</summary>
    public const string Metrics = "metrics.jsonl";
    /// <summary><see cref="RunStatus"/>, rewritten atomically.</summary>
    public const string Status = "status.json";
    /// <summary><see cref="RunResult"/>, written once at the end.</summary>
    public const string Result = "result.json";
    public const string Log = "train.log";
    /// <summary>One line per prompt per EM iteration: iteration, step, prompt_id, accept_rate, grad_norm, n.</summary>
    public const string Allocations = "allocations.jsonl";
    /// <summary>RL runs: one line per prompt per step: step (0-based, the step the samples were drawn in), prompt_id,
    /// level, samples, accepted (stage-2 samples only).</summary>
    public const string PassRates = "pass_rates.jsonl";
    public const string Checkpoints = "checkpoints";
    /// <summary>Final model in Hugging Face layout.</summary>
    public const string Final = "final";
    /// <summary>Evaluation files of an eval run (math: samples.jsonl, summary.json, table1.md).</summary>
    public const string Evaluation = "eval";
    /// <summary>One line per deliberate spec change on resume (<c>gvm train --allow-spec-change</c>): time, step, fields.</summary>
    public const string SpecHistory = "spec_history.jsonl";
    public const string Stdout = "stdout.log";
    public const string Stderr = "stderr.log";
}

/// <summary>Trainer exit codes.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int InvalidInput = 2;
    public const int Diverged = 3;
    public const int Interrupted = 130;
}

/// <summary>Contents of status.json.</summary>
public sealed record RunStatus
{
    /// <summary>starting, running, succeeded, failed, diverged, interrupted.</summary>
    public string State { get; init; } = "starting";
    public int Step { get; init; }
    public int TotalSteps { get; init; }
    /// <summary>
    /// When the trainer last showed it is alive: rewritten by a timer every few seconds (<c>gvm train --heartbeat</c>),
    /// independent of step boundaries, so a long step never looks stale to an orchestrator.
    /// </summary>
    public DateTimeOffset Heartbeat { get; init; }
    public int Pid { get; init; }
    public string? Message { get; init; }
    /// <summary>What this process had to recover from when it started (damaged checkpoints set aside, a fresh start), or null.</summary>
    public string? Recovery { get; init; }
}

/// <summary>Contents of result.json.</summary>
public sealed record RunResult
{
    public string State { get; init; } = "succeeded";
    public int Steps { get; init; }
    public double Seconds { get; init; }
    /// <summary>Final values of the named metrics (eval/accuracy, cost/rollouts_cum, ...).</summary>
    public Dictionary<string, double> Metrics { get; init; } = new();
}
