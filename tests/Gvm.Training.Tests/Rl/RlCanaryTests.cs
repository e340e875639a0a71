using Gvm.Core.Runs;
using Gvm.Training.Generation;
using Gvm.Training.Optim;
using Gvm.Training.Rl;
using Gvm.Training.Rollout;
using Gvm.Training.State;
using TorchSharp;

namespace Gvm.Training.Tests.Rl;

/// <summary>
/// Canaries for broken RL plumbing (advantages, loss, update, generation): on a reward learnable in a few steps every
/// RL algorithm, at the spec's default settings (one learning rate for all, see <see cref="Canary"/>), must raise the
/// mean training reward from ≤ 0.2 to ≥ 0.9 within 50 steps; and the log-probs the update recomputes must be those the
/// sampler drew with.
/// </summary>
public class RlCanaryTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gvm-canary-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>
    /// The spec's defaults for every RL setting (sampling, allocation, clipping, KL, mini-batches), the same for all four
    /// algorithms, except what the canary needs: the micro model (seconds per run), 4 new tokens, one thread, and a
    /// learning rate for that model. The default lr (1e-4) is the one tuned for the tiny preset on the built-in task
    /// (docs/experiments/cpu-protocol.md); the micro model's 32-wide layers move ~10× less per step at the same lr
    /// (the reward rose from 0.04 to 0.13 in 50 steps at 1e-4, to 0.4-0.55 at 3e-4, above 0.9 at 1e-3).
    /// </summary>
    private static RunSpec Canary(Algorithm algorithm) => new()
    {
        Name = "canary",
        Algorithm = algorithm,
        Seed = 7,
        Threads = 1,
        Model = new ModelOptions { Preset = "micro" },
        Sampling = new SamplingOptions { MaxNewTokens = 4 },
        Optim = new OptimOptions { Lr = 1e-3 },
    };

    [Theory]
    [InlineData(Algorithm.RaftPlusPlus)]
    [InlineData(Algorithm.GvmRaftPlusPlus)]
    [InlineData(Algorithm.Grpo)]
    [InlineData(Algorithm.GvmGrpo)]
    public void Every_rl_algorithm_learns_a_first_token_reward_within_50_steps_at_default_settings(Algorithm algorithm)
    {
        var spec = Canary(algorithm).EnsureValid();
        torch.set_num_threads(spec.Threads);
        var task = new CanaryTask(spec);
        using var policy = task.CreateModel();
        using var reference = task.CreateModel();
        foreach (var p in reference.parameters()) p.requires_grad_(false);
        using var optimizer = PolicyOptimizer.AdamW(policy, spec.Optim.Lr, spec.Optim.Beta1, spec.Optim.Beta2, spec.Optim.WeightDecay);
        var runner = new RlStepRunner(spec, task, policy, reference, optimizer, new RunJournal(Path.Combine(_root, algorithm.ToName())));

        var state = new TrainerState();
        var rewards = new List<double>();
        while (state.Step < 50 && (rewards.Count == 0 || rewards[^1] < 0.9))
        {
            (var metrics, state) = runner.Step(state, spec.Optim.Lr);
            rewards.Add(metrics[MetricNames.RewardMean]);
        }
        Assert.True(rewards[0] <= 0.2, $"the canary must start unlearned: first reward {rewards[0]:F3}");
        Assert.True(rewards[^1] >= 0.9, $"{algorithm.ToName()} reached only {rewards.Max():F3} in 50 steps: {string.Join(" ", rewards.Select(r => r.ToString("F2")))}");
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.7)]
    public void Teacher_forced_log_probs_of_sampled_responses_equal_the_sampling_log_probs(double temperature)
    {
        var spec = Canary(Algorithm.Grpo);
        var task = new CanaryTask(spec);
        using var policy = task.CreateModel();
        var options = new GenerationOptions
        {
            Temperature = temperature,
            MaxNewTokens = 6,
            StopTokenIds = task.StopTokenIds,
            PadTokenId = task.PadTokenId,
        };
        using var generator = new torch.Generator(11, policy.Device);
        var batch = task.Sample(policy, [0, 1, 2, 3, 4, 5], [3, 1, 4, 1, 5, 2], options, generator);
        Assert.Contains(batch.ResponseTokens, r => r.Length > 1);

        // The update's path: pack prompt + response rows, then the teacher-forced log-probs at the same temperature.
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var packed = SequencePacking.Pack(batch.PromptTokens, batch.ResponseTokens, task.PadTokenId, policy.Device);
        var forced = policy.SequenceLogProbs(packed.Ids, packed.AttentionMask, packed.ResponseMask, temperature).LogProbs; // [B, T]
        var mask = packed.ResponseMask.to_type(torch.ScalarType.Float32).data<float>().ToArray();
        var values = forced.data<float>().ToArray();
        var width = (int)forced.shape[1];
        for (var i = 0; i < batch.Count; i++)
        {
            var positions = Enumerable.Range(0, width).Where(t => mask[i * width + t] > 0).ToArray();
            Assert.Equal(batch.ResponseTokens[i].Length, positions.Length);
            for (var j = 0; j < positions.Length; j++)
                Assert.True(Math.Abs(values[i * width + positions[j]] - batch.LogProbs[i][j]) < 1e-4,
                    $"row {i} token {j}: teacher-forced {values[i * width + positions[j]]} vs sampled {batch.LogProbs[i][j]}");
        }
    }
}
