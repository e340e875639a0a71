using System.Diagnostics;
using System.Runtime.InteropServices;
using Gvm.Core.Runs;
using Gvm.Reasoning.Tokenizers;
using Gvm.Training.Checkpoints;
using Gvm.Training.Devices;
using Gvm.Training.Eval;
using Gvm.Training.Model;
using Gvm.Training.Optim;
using Gvm.Training.Rl;
using Gvm.Training.Sft;
using Gvm.Training.State;
using Gvm.Training.Study;
using Gvm.Training.Tasks;
using TorchSharp;

namespace Gvm.Training.Trainer;

/// <summary>
/// <c>gvm train</c>: runs one spec into a run directory and returns the contract's exit code
/// (0 done, 2 invalid spec, 3 diverged, 130 interrupted). Restarting with the same spec and directory resumes from
/// the newest intact checkpoint (damaged ones are set aside and reported), truncating metrics written after it, and
/// reproduces the uninterrupted run. Restarting with a different spec throws <see cref="RunSpecException"/> before
/// anything is written (<see cref="ResumeGuard"/>). status.json carries a heartbeat from a timer, not from steps.
/// The task (<c>task.kind</c>: arith or math) plugs in through <see cref="ITrainingTask"/>; the loop is shared.
/// </summary>
public sealed class TrainerRun
{
    private readonly RunSpec _spec;
    private readonly string _runDir;
    private readonly TrainerRunOptions _options;
    private readonly RunJournal _journal;
    /// <summary>RunCore's answer when a checkpoint failed while loading: it was set aside, start again from the next.</summary>
    private const int ResumeAgain = -1;
    private bool _setAside;

    public TrainerRun(RunSpec spec, string runDir, TrainerRunOptions? options = null)
    {
        _spec = spec;
        _runDir = Path.GetFullPath(runDir);
        _options = options ?? new TrainerRunOptions();
        _journal = new RunJournal(_runDir);
    }

    /// <exception cref="RunSpecException">The run directory was started with a different spec (nothing is written).</exception>
    public int Run(CancellationToken cancellationToken = default)
    {
        // Before anything is written: a run directory resumes only with its own spec (or a deliberate, recorded change).
        var changes = ResumeGuard.Check(_spec, _runDir, _options.AllowSpecChange);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var registrations = new List<PosixSignalRegistration>();
        if (_options.HandleSignals)
        {
            foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT })
                registrations.Add(PosixSignalRegistration.Create(signal, ctx => { ctx.Cancel = true; cts.Cancel(); }));
        }
        try
        {
            // Each pass that meets a checkpoint failing to load sets it aside: the passes end.
            for (var pass = 0; ; pass++)
            {
                var code = RunCore(cts.Token, pass == 0 ? changes : []);
                if (code != ResumeAgain) return code;
            }
        }
        finally
        {
            _journal.StopHeartbeat();
            foreach (var r in registrations) r.Dispose();
        }
    }

    private int RunCore(CancellationToken ct, IReadOnlyList<SpecChange> changes)
    {
        var spec = _spec;
        var total = spec.Schedule.Steps;
        var last = spec.Schedule.StopAtStep > 0 ? spec.Schedule.StopAtStep : total; // the schedule still spans `total`
        _journal.WriteStatus("starting", 0, total);
        _journal.StartHeartbeat(_options.HeartbeatInterval);
        Gvm.Core.IO.AtomicFile.WriteAllText(_journal.PathOf(RunFiles.Spec), spec.ToJson());

        torch.set_num_threads(spec.Threads);
        torch.manual_seed(spec.Seed);
        ITrainingTask task;
        Qwen2ForCausalLM policy;
        ComputeDevice device;
        try
        {
            // Resolved once, before any data or weights are read: "cuda" without CUDA is bad input (exit 2), not a crash.
            device = ComputeDevice.ForSpec(spec.Model, _journal.PathOf(RunFiles.Spec));
            task = TrainingTasks.Create(spec, _journal.PathOf(RunFiles.Spec));
            policy = Place(device, task.CreateModel());
        }
        catch (Exception e) when (e is Gvm.Core.Inputs.InputException or FileNotFoundException or DirectoryNotFoundException or InvalidDataException)
        {
            // Bad input (spec fields, data, tokenizer or checkpoint files): exit 2 with the file and field in the message.
            Log($"invalid input: {e.Message}");
            _journal.WriteStatus("failed", 0, total, e.Message);
            return ExitCodes.InvalidInput;
        }
        using var _ = policy;
        var role = spec.Algorithm.Info().Role;
        if (role == AlgorithmRole.Eval) return EvaluateOnly(task, policy, device);
        if (role == AlgorithmRole.Study) return StudyOnly(task, policy, ct);
        using var reference = role == AlgorithmRole.Rl && spec.Optim.UseKl ? Place(device, task.CreateModel()) : null;
        reference?.eval();
        if (reference is not null) foreach (var p in reference.parameters()) p.requires_grad_(false);
        // After placement: AdamW allocates its moments like the parameters (same device and dtype).
        using var optimizer = PolicyOptimizer.AdamW(policy, spec.Optim.Lr, spec.Optim.Beta1, spec.Optim.Beta2, spec.Optim.WeightDecay);
        Log($"run '{spec.Name}' {spec.Algorithm.ToName()} seed {spec.Seed}: {policy.Config.ParameterCount} parameters, " +
            $"{task.Summary}, threads {spec.Threads}, device {device.Device} {device.Dtype}");

        Func<TrainerState, double, (Dictionary<string, double>, TrainerState)> step = role switch
        {
            AlgorithmRole.Rl => new RlStepRunner(spec, task, policy, reference, optimizer, _journal).Step,
            AlgorithmRole.Supervised => task is ArithTrainingTask arith
                ? new SftStepRunner(spec, arith.Data, arith.Tokenizer, policy, optimizer).Step
                : throw new InvalidOperationException($"sft is not available for task.kind '{spec.Task.Kind}'"),
            AlgorithmRole.Eval or AlgorithmRole.Study => throw new InvalidOperationException($"'{spec.Algorithm.ToName()}' trains nothing (handled above)"),
        };

        // The KL reference travels with checkpoints only when it moves (reset each EM iteration); else it is the start model.
        var movingReference = spec.Gvm.ResetEachIteration ? reference : null;
        var state = new TrainerState();
        if (TrainerCheckpoint.FindResumable(_runDir, Recovered) is { } checkpoint)
        {
            try
            {
                state = TrainerCheckpoint.Load(checkpoint, policy, optimizer, movingReference);
            }
            catch (Exception e) when (TrainerCheckpoint.IsDamage(e))
            {
                // Verified but unreadable (a cut optimizer file): set aside, and start again with fresh model and optimizer.
                TrainerCheckpoint.SetAside(checkpoint, e.Message, Recovered);
                return ResumeAgain;
            }
            _journal.TruncateAfter(state.Step);
            Log($"resumed from {checkpoint} at step {state.Step}");
            if (_setAside) _journal.NoteRecovery($"resumed from {Path.GetFileName(checkpoint)} (step {state.Step})");
            RecordSpecChanges(changes, state.Step);
        }
        else
        {
            if (_setAside) Recovered("no intact checkpoint left: starting over from step 0");
            RecordSpecChanges(changes, 0);
            _journal.TruncateAfter(-1);
            var eval0 = Evaluate(task, policy);
            _journal.AppendMetrics(0, eval0);
            state = state with { Last = eval0 };
            Log($"step 0 eval: {Describe(eval0)}");
        }

        var clock = Stopwatch.StartNew();
        var stepsThisProcess = 0;
        var evaluated = true;
        while (state.Step < last)
        {
            if (ct.IsCancellationRequested || (_options.StopAfterSteps > 0 && stepsThisProcess >= _options.StopAfterSteps))
                return Interrupt(policy, optimizer, state, movingReference);
            if (spec.Schedule.MaxSeconds > 0 && state.Seconds >= spec.Schedule.MaxSeconds)
            {
                Log($"max_seconds {spec.Schedule.MaxSeconds} reached at step {state.Step}");
                break;
            }

            var lr = LearningRate.At(state.Step, spec.Optim.Lr, spec.Optim.WarmupSteps, total, spec.Optim.LrSchedule == LrSchedule.Cosine);
            optimizer.LearningRate = lr;
            var started = clock.Elapsed.TotalSeconds;
            Dictionary<string, double> metrics;
            TrainerState next;
            try
            {
                (metrics, next) = step(state, lr);
                // A finite loss and gradient can still step the weights to inf/NaN (a huge lr): caught here, before the
                // checkpoint of this step could keep them.
                if (!ParametersFinite(policy)) throw new TrainingDivergedException(next.Step, "a policy weight");
            }
            catch (Exception e) when (e is TrainingDivergedException || (e is not OperationCanceledException && !ParametersFinite(policy)))
            {
                Log($"diverged: {e.Message}; keeping the last good checkpoint");
                _journal.WriteStatus("diverged", state.Step, total, e.Message);
                _journal.WriteResult(new RunResult { State = "diverged", Steps = state.Step, Seconds = state.Seconds, Metrics = state.Last });
                return ExitCodes.Diverged;
            }
            var seconds = state.Seconds + (clock.Elapsed.TotalSeconds - started);
            metrics[MetricNames.SecondsCum] = seconds;
            next = next with { Seconds = seconds };
            evaluated = spec.Schedule.EvalEvery > 0 && next.Step % spec.Schedule.EvalEvery == 0 || next.Step == last;
            if (evaluated) foreach (var (k, v) in Evaluate(task, policy)) metrics[k] = v;
            _journal.AppendMetrics(next.Step, metrics);
            state = next with { Last = Merge(state.Last, metrics) };
            stepsThisProcess++;
            _journal.WriteStatus("running", state.Step, total);
            if (evaluated) Log($"step {state.Step} eval: {Describe(metrics)}");
            if (spec.Schedule.CheckpointEvery > 0 && state.Step % spec.Schedule.CheckpointEvery == 0)
                TrainerCheckpoint.Save(_runDir, policy, optimizer, state, movingReference, spec);
        }

        if (!evaluated)
        {
            var final = Evaluate(task, policy);
            _journal.AppendMetrics(state.Step, final);
            state = state with { Last = Merge(state.Last, final) };
        }
        TrainerCheckpoint.Save(_runDir, policy, optimizer, state, movingReference, spec);
        task.SaveFinal(policy, Path.Combine(_runDir, RunFiles.Final));
        _journal.WriteResult(new RunResult { State = "succeeded", Steps = state.Step, Seconds = state.Seconds, Metrics = state.Last });
        _journal.WriteStatus("succeeded", state.Step, total);
        Log($"done at step {state.Step} in {state.Seconds:F1}s of training: {Describe(state.Last)}");
        return ExitCodes.Success;
    }

    /// <summary>
    /// <c>algorithm: eval</c> (a grid's eval stage): one evaluation of <c>model.checkpoint</c>, no training. Writes the
    /// eval metrics as step 0, the task's evaluation files under <c>eval/</c>, and result.json; no checkpoint, no final/.
    /// </summary>
    private int EvaluateOnly(ITrainingTask task, Qwen2ForCausalLM policy, ComputeDevice device)
    {
        Log($"run '{_spec.Name}' eval of {_spec.Model.Checkpoint}: {policy.Config.ParameterCount} parameters, {task.Summary}, " +
            $"threads {_spec.Threads}, device {device.Device} {device.Dtype}");
        _journal.TruncateAfter(-1);
        _journal.WriteStatus("running", 0, 0);
        var metrics = Evaluate(task, policy);
        task.WriteEvaluation(_journal.PathOf(RunFiles.Evaluation));
        _journal.AppendMetrics(0, metrics);
        _journal.WriteResult(new RunResult { State = "succeeded", Steps = 0, Seconds = metrics[MetricNames.EvalSeconds], Metrics = metrics });
        _journal.WriteStatus("succeeded", 0, 0);
        Log($"eval: {Describe(metrics)}");
        return ExitCodes.Success;
    }

    /// <summary>
    /// <c>algorithm: variance_study</c> (a grid's study stage): <see cref="VarianceStudyStage"/> on <c>model.checkpoint</c>,
    /// no training. Its files go under <c>study/</c>; the summary metrics (study/*) are step 0 of metrics.jsonl and result.json.
    /// An interrupted study keeps its finished shards (study/shards/) and resumes after them on the next attempt.
    /// </summary>
    private int StudyOnly(ITrainingTask task, Qwen2ForCausalLM policy, CancellationToken ct)
    {
        Log($"run '{_spec.Name}' variance study of {_spec.Model.Checkpoint}: {policy.Config.ParameterCount} parameters, {task.Summary}, threads {_spec.Threads}");
        _journal.TruncateAfter(-1);
        _journal.WriteStatus("running", 0, 0);
        Dictionary<string, double> metrics;
        try
        {
            metrics = VarianceStudyStage.Run(_spec, task, policy, _runDir, Log, ct);
        }
        catch (StudyInputException e)
        {
            var message = $"{_journal.PathOf(RunFiles.Spec)}: {e.Message}";
            Log($"invalid input: {message}");
            _journal.WriteStatus("failed", 0, 0, message);
            return ExitCodes.InvalidInput;
        }
        catch (OperationCanceledException)
        {
            Log("interrupted: finished shards are kept in study/shards/; the next attempt resumes after them");
            _journal.WriteStatus("interrupted", 0, 0, "study interrupted");
            return ExitCodes.Interrupted;
        }
        _journal.AppendMetrics(0, metrics);
        _journal.WriteResult(new RunResult { State = "succeeded", Steps = 0, Seconds = metrics["study/seconds"], Metrics = metrics });
        _journal.WriteStatus("succeeded", 0, 0);
        Log($"study done in {metrics["study/seconds"]:F0}s: files under {VarianceStudyStage.Directory}/");
        return ExitCodes.Success;
    }

    /// <summary>
    /// Moves a freshly built model (tasks build on the CPU, so a seeded init is the same on every device) to the run's
    /// device and dtype. CPU float32 is left untouched, keeping CPU runs bit-identical to builds before device support.
    /// </summary>
    private static Qwen2ForCausalLM Place(ComputeDevice device, Qwen2ForCausalLM model)
    {
        if (!device.IsCuda && device.Dtype == torch.ScalarType.Float32) return model;
        try
        {
            return device.Place(model);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private int Interrupt(Qwen2ForCausalLM policy, PolicyOptimizer optimizer, TrainerState state, Qwen2ForCausalLM? reference)
    {
        var dir = TrainerCheckpoint.Save(_runDir, policy, optimizer, state, reference, _spec);
        _journal.WriteStatus("interrupted", state.Step, _spec.Schedule.Steps, $"checkpoint {dir}");
        Log($"interrupted at step {state.Step}; checkpoint {dir}");
        return ExitCodes.Interrupted;
    }

    /// <summary>
    /// Every weight finite: one sum per parameter tensor (inf or NaN anywhere makes it non-finite; no tensor the size
    /// of the model is allocated) and one device-to-host copy per step.
    /// </summary>
    private static bool ParametersFinite(Qwen2ForCausalLM policy)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var sums = policy.parameters().Select(p => p.sum().to_type(torch.ScalarType.Float32)).ToArray();
        return torch.stack(sums).isfinite().all().item<bool>();
    }

    /// <summary>A damaged checkpoint set aside, or a start over: said in train.log and kept in status.json.</summary>
    private void Recovered(string message)
    {
        _setAside = true;
        Log(message);
        _journal.NoteRecovery(message);
    }

    /// <summary>A deliberate spec change on resume (--allow-spec-change): one line in spec_history.jsonl, and train.log.</summary>
    private void RecordSpecChanges(IReadOnlyList<SpecChange> changes, int step)
    {
        if (changes.Count == 0) return;
        var line = System.Text.Json.JsonSerializer.Serialize(new
        {
            time = DateTimeOffset.UtcNow,
            step,
            changes = changes.Select(c => new { field = c.Field, from = c.Old, to = c.New }),
        }, Gvm.Core.GvmJson.Line);
        File.AppendAllText(_journal.PathOf(RunFiles.SpecHistory), line + "\n");
        Log($"resuming at step {step} with a changed spec (--allow-spec-change): {string.Join(", ", changes)}");
    }

    private static Dictionary<string, double> Evaluate(ITrainingTask task, Qwen2ForCausalLM policy)
    {
        var watch = Stopwatch.StartNew();
        var m = task.Evaluate(policy);
        m[MetricNames.EvalSeconds] = watch.Elapsed.TotalSeconds;
        return m;
    }

    private static Dictionary<string, double> Merge(Dictionary<string, double> a, Dictionary<string, double> b)
    {
        var m = new Dictionary<string, double>(a);
        foreach (var (k, v) in b) m[k] = v;
        return m;
    }

    private static string Describe(IReadOnlyDictionary<string, double> m) =>
        string.Join(" ", m.Where(kv => kv.Key.StartsWith("eval/accuracy", StringComparison.Ordinal))
            .OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value:F3}"));

    private void Log(string message)
    {
        _journal.Log(message);
        if (_options.Echo) Console.Error.WriteLine(message);
    }
}
