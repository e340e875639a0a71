using System.Diagnostics;
using Gvm.Core.Runs;
using Gvm.Reasoning.Tasks;
using Gvm.Training.Model;
using Gvm.Training.Optim;
using Gvm.Training.Rollout;
using Gvm.Training.State;
using TorchSharp;
using static TorchSharp.torch;

namespace Gvm.Training.Sft;

/// <summary>
/// One supervised warm-start step: next-token cross-entropy on the reference chains (response tokens and the final
/// &lt;eos&gt; only), mean over tokens, AdamW with gradient clipping. Batches follow the seeded data order.
/// </summary>
public sealed class SftStepRunner(RunSpec spec, ArithDataset data, CharTokenizer tokenizer, Qwen2ForCausalLM model, PolicyOptimizer optimizer)
{
    private readonly DataOrder _order = new(data.Train.Count, spec.Seed);

    public (Dictionary<string, double> Metrics, TrainerState State) Step(TrainerState state, double lr)
    {
        var watch = Stopwatch.StartNew();
        var batchSize = spec.Optim.BatchSize;
        var problems = _order.Take(state.DataCursor, batchSize).Select(i => data.Train[i]).ToArray();
        using var scope = NewDisposeScope();
        var packed = SequencePacking.Pack(
            problems.Select(p => (int[])[CharTokenizer.BosId, .. tokenizer.Encode(p.Prompt)]).ToArray(),
            problems.Select(p => (int[])[.. tokenizer.Encode(p.Solution), CharTokenizer.EosId]).ToArray(),
            CharTokenizer.PadId, model.Device);                                               // [B, T]
        var logits = model.Forward(packed.Ids, packed.AttentionMask);                        // [B, T, V]
        var loss = LanguageModelLoss.NextTokenCrossEntropy(logits, packed.Ids, packed.ResponseMask);
        var lossValue = loss.item<float>(); // sync point (device → host): divergence check and the sft/loss metric
        if (!float.IsFinite(lossValue)) throw new TrainingDivergedException(state.Step, "sft/loss");
        optimizer.ZeroGrad();
        loss.backward();
        var norm = optimizer.ClipGradients(spec.Optim.GradClip);
        if (!double.IsFinite(norm)) throw new TrainingDivergedException(state.Step, "train/grad_norm");
        optimizer.Step();

        var m = new Dictionary<string, double>
        {
            [MetricNames.SftLoss] = lossValue,
            [MetricNames.Loss] = lossValue,
            [MetricNames.GradNorm] = norm,
            [MetricNames.Lr] = lr,
            [MetricNames.OptimizerUpdatesCum] = state.OptimizerUpdates + 1,
            [MetricNames.SamplesTotalCum] = state.SamplesTotal + batchSize,
            [MetricNames.UpdateSeconds] = watch.Elapsed.TotalSeconds,
        };
        return (m, state with
        {
            Step = state.Step + 1,
            DataCursor = state.DataCursor + batchSize,
            OptimizerUpdates = state.OptimizerUpdates + 1,
            SamplesTotal = state.SamplesTotal + batchSize,
        });
    }
}
