using System.Globalization;
using System.Text;
using Gvm.Core;
using Gvm.Core.Runs;
using Gvm.Core.Sweeps;

namespace Gvm.Reporting.Tests.Synthetic;

/// <summary>How a synthetic run's eval curve relates to the shared learning curve f.</summary>
public enum CurveShape
{
    /// <summary>accuracy f(step).</summary>
    Baseline,
    /// <summary>accuracy f(2·step): the baseline compressed 2× in steps (same cost per step, so 2× on every axis).</summary>
    Compressed2x,
    /// <summary>stays just above the start: never reaches any target.</summary>
    Flat,
    /// <summary>f(step) ± 0.01 (+ for even seeds, − for odd ones) after step 0: no consistent difference.</summary>
    Jittered,
}

/// <summary>
/// One run of a synthetic sweep. <paramref name="Failed"/> writes a failed status.json with a message and a train.log;
/// <paramref name="EvalProblems"/> &gt; 0 logs eval/problems with every eval; <paramref name="PassRates"/> writes
/// pass_rates.jsonl; every run logs the per-step training metrics (reward, response length, KL, entropy, clip fraction).
/// </summary>
public sealed record SyntheticRun(string Name, Algorithm Algorithm, int Seed, CurveShape Shape, bool Complete = true, int SamplesPerPrompt = 8,
    bool Failed = false, int EvalProblems = 0, bool PassRates = true);

/// <summary>Writes a sweep directory (plan.json and runs/&lt;id&gt;/...) with curves whose speedups are known.</summary>
public static class SyntheticSweep
{
    public const int Steps = 40;
    public const int EvalEvery = 4;

    /// <summary>A non-monotone learning curve (saturating rise plus a deterministic wiggle), per seed.</summary>
    public static double F(double step, int seed) =>
        0.30 + 0.50 * (1 - Math.Exp(-step / 12.0)) + 0.012 * Math.Sin(step * 0.9 + seed);

    public static SweepPlan Write(string sweepDir, IReadOnlyList<SyntheticRun> runs, IReadOnlyList<(int Baseline, int Candidate)> pairs)
    {
        var planned = runs.Select(r => new PlannedRun
        {
            RunId = $"{r.Algorithm.ToName()}-s{r.Seed}-{r.Name}",
            Name = $"rl/{r.Algorithm.ToName()}/seed={r.Seed}",
            Stage = "rl",
            Cell = new Dictionary<string, string> { ["model"] = "tiny", ["algorithm"] = r.Algorithm.ToName(), ["seed"] = r.Seed.ToString(CultureInfo.InvariantCulture) },
            Spec = new RunSpec
            {
                Name = r.Name,
                Algorithm = r.Algorithm,
                Seed = r.Seed,
                Sampling = new SamplingOptions { SamplesPerPrompt = r.SamplesPerPrompt },
                Schedule = new ScheduleOptions { Steps = Steps, EvalEvery = EvalEvery },
            },
        }).ToArray();
        var plan = new SweepPlan
        {
            Name = "synthetic",
            SweepId = "synthetic-0001",
            Runs = planned,
            Pairs = pairs.Select(p => new ComparisonPair
            {
                Name = $"{runs[p.Baseline].Algorithm.ToDisplay()} vs {runs[p.Candidate].Algorithm.ToDisplay()}",
                Baseline = runs[p.Baseline].Algorithm,
                Candidate = runs[p.Candidate].Algorithm,
                BaselineRunId = planned[p.Baseline].RunId,
                CandidateRunId = planned[p.Candidate].RunId,
                Seed = runs[p.Baseline].Seed,
                Cell = new Dictionary<string, string> { ["model"] = "tiny", ["seed"] = runs[p.Baseline].Seed.ToString(CultureInfo.InvariantCulture) },
            }).ToArray(),
        };
        Directory.CreateDirectory(sweepDir);
        File.WriteAllText(Path.Combine(sweepDir, SweepLayout.PlanFile), plan.ToJson());
        for (var i = 0; i < runs.Count; i++) WriteRun(SweepLayout.RunDir(sweepDir, planned[i].RunId), planned[i].Spec, runs[i]);
        return plan;
    }

    private static void WriteRun(string dir, RunSpec spec, SyntheticRun run)
    {
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, RunFiles.Spec), spec.ToJson());
        var lastStep = run.Complete && !run.Failed ? Steps : Steps / 2;
        var metrics = new StringBuilder();
        var evalEvery = run.Shape == CurveShape.Compressed2x ? EvalEvery / 2 : EvalEvery;
        for (var step = 0; step <= lastStep; step++)
        {
            if (step > 0)
            {
                // Same cost per step for every run: 128 stage-2 samples (+ presamples for GVM), 1000 tokens, 4 updates.
                var gvm = run.Algorithm.UsesGvm();
                var line = new Dictionary<string, object>
                {
                    ["step"] = step,
                    ["time"] = 1_700_000_000 + step,
                    [MetricNames.SamplesStage2] = 16 * run.SamplesPerPrompt,
                    [MetricNames.RolloutsCum] = 128 * step,
                    [MetricNames.TokensGeneratedCum] = 1000 * step,
                    [MetricNames.OptimizerUpdatesCum] = 4 * step,
                    [MetricNames.SecondsCum] = 0.5 * step,
                    [MetricNames.SingletonGroups] = gvm && run.Algorithm == Algorithm.GvmGrpo ? 1 : 0,
                    [MetricNames.RewardMean] = Accuracy(run, step) - 0.05,
                    [MetricNames.Kl] = 0.001 * step * (gvm ? 1.2 : 1),
                    [MetricNames.Entropy] = 1.5 - 0.01 * step,
                    ["train/clip_fraction"] = 0.02 + 0.001 * ((step + run.Seed) % 5),
                    ["train/response_length_mean"] = 40 + 0.5 * step + run.Seed,
                };
                metrics.AppendLine(System.Text.Json.JsonSerializer.Serialize(line));
            }
            if (step % evalEvery != 0) continue;
            var acc = Accuracy(run, step);
            var eval = new Dictionary<string, object>
            {
                ["step"] = step,
                ["time"] = 1_700_000_000 + step,
                [MetricNames.EvalAccuracy] = acc,
                [MetricNames.EvalAccuracyLevel(1)] = Math.Min(1, acc + 0.1),
                [MetricNames.EvalAccuracyLevel(2)] = Math.Max(0, acc - 0.1),
            };
            if (run.EvalProblems > 0) eval["eval/problems"] = run.EvalProblems;
            metrics.AppendLine(System.Text.Json.JsonSerializer.Serialize(eval));
        }
        File.WriteAllText(Path.Combine(dir, RunFiles.Metrics), metrics.ToString());

        if (run.Algorithm.UsesGvm())
        {
            var alloc = new StringBuilder();
            for (var it = 0; it < 3; it++)
                for (var p = 0; p < 24; p++)
                {
                    var acceptRate = (p % 8) / 7.0;
                    var n = acceptRate is 0 or 1 ? 0 : (int)Math.Round(4 + 12 * (1 - acceptRate) + it);
                    alloc.AppendLine(CultureInfo.InvariantCulture,
                        $"{{\"iteration\":{it},\"step\":{it * 4},\"prompt_id\":\"p{it * 24 + p}\",\"level\":{1 + p % 4},\"accept_rate\":{acceptRate:0.####},\"grad_norm\":{1 + p % 3},\"n\":{n}}}");
                }
            File.WriteAllText(Path.Combine(dir, RunFiles.Allocations), alloc.ToString());
        }

        if (run.PassRates) File.WriteAllText(Path.Combine(dir, "pass_rates.jsonl"), PassRates(run, lastStep));

        var state = run.Failed ? "failed" : run.Complete ? "succeeded" : "running";
        File.WriteAllText(Path.Combine(dir, RunFiles.Status), System.Text.Json.JsonSerializer.Serialize(
            new RunStatus { State = state, Step = lastStep, TotalSteps = Steps, Message = run.Failed ? "diverged: loss is NaN at step 20" : null }, GvmJson.Options));
        if (run.Failed) File.WriteAllText(Path.Combine(dir, RunFiles.Log), "step 19 loss 0.3\nstep 20 loss NaN\n");
        if (run.Complete && !run.Failed)
            File.WriteAllText(Path.Combine(dir, RunFiles.Result),
                System.Text.Json.JsonSerializer.Serialize(new RunResult { State = "succeeded", Steps = Steps, Seconds = 20 }, GvmJson.Options));
    }

    /// <summary>
    /// 16 prompts per step at 4 levels, 8 samples each; a prompt's pass count falls with its level and rises with the
    /// run's accuracy, so later windows of the difficulty profile move to higher pass rates.
    /// </summary>
    private static string PassRates(SyntheticRun run, int lastStep)
    {
        var text = new StringBuilder();
        for (var step = 1; step <= lastStep; step++)
            for (var p = 0; p < 16; p++)
            {
                var level = 1 + p % 4;
                var accepted = Math.Clamp((int)Math.Round(8 * (Accuracy(run, step) + 0.3 - 0.2 * level) + (p % 3) - 1), 0, 8);
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"{{\"step\":{step},\"prompt_id\":\"s{step}p{p}\",\"level\":{level},\"samples\":8,\"accepted\":{accepted}}}");
            }
        return text.ToString();
    }

    private static double Accuracy(SyntheticRun run, int step) => run.Shape switch
    {
        CurveShape.Baseline => F(step, run.Seed),
        CurveShape.Compressed2x => F(2 * step, run.Seed),
        CurveShape.Flat => F(0, run.Seed) + 0.01,
        CurveShape.Jittered => F(step, run.Seed) + (step == 0 ? 0 : run.Seed % 2 == 0 ? 0.01 : -0.01),
        _ => throw new ArgumentOutOfRangeException(nameof(run)),
    };
}
