using Gvm.Core.Runs;
using Gvm.Training.Model;
using Gvm.Training.Tasks;

namespace Gvm.Training.Study;

/// <summary>
/// <c>algorithm: variance_study</c> in a grid (a stage with <c>for_each:</c> a training stage): the study of
/// <c>model.checkpoint</c> with the spec's own sampling, GVM and loss settings, <c>study</c> counts and <c>seed</c>.
/// Its files go under RUN_DIR/study/ (as an eval run's go under eval/); the run loop writes metrics, status and result.
/// Finished shards are kept in RUN_DIR/study/shards/, so a retried attempt resumes at the first unfinished shard.
/// </summary>
public static class VarianceStudyStage
{
    public const string Directory = "study";

    /// <summary>Runs the study into <paramref name="runDir"/>/study and returns the summary metrics (study/*).</summary>
    /// <exception cref="StudyInputException">The study's counts do not fit the task (exit 2).</exception>
    public static Dictionary<string, double> Run(RunSpec spec, ITrainingTask task, Qwen2ForCausalLM policy, string runDir,
        Action<string> log, CancellationToken cancellationToken)
    {
        var options = VarianceStudyOptions.From(spec.Study, spec.Seed).Validate(task.TrainCount);
        var dir = Path.Combine(runDir, Directory);
        var store = new StudyShardStore(Path.Combine(dir, StudyShardStore.Directory), StudyShardStore.Fingerprint(spec, options));
        var lastShard = -1;
        var result = new VarianceStudy(spec, task, policy, options).Run(p =>
        {
            // One log line per shard and at the end: train.log stays short, status.json is the live view.
            var shard = p.Done * options.Shards / Math.Max(1, p.Total);
            if (shard == lastShard && p.Done != p.Total) return;
            lastShard = shard;
            log($"study: {p.Done}/{p.Total} ({p.Description})");
        }, cancellationToken, store);
        StudyReport.Write(result, dir, $"gvm study variance --checkpoint {spec.Model.Checkpoint} --spec {Path.Combine(runDir, RunFiles.Spec)} " +
            $"--out {dir} --shards {options.Shards} --prompts {options.Prompts} --reference-samples {options.ReferenceSamples} " +
            $"--repeats {options.Repeats} --seed {options.Seed}");
        return StudyReport.Metrics(result);
    }
}
