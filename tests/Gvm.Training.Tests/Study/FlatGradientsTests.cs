using Gvm.Core.Runs;
using Gvm.Training.Generation;
using Gvm.Training.Losses;
using Gvm.Training.Model;
using Gvm.Training.Rl;
using Gvm.Training.Rollout;
using Gvm.Training.Study;
using TorchSharp;
using static TorchSharp.torch;

namespace Gvm.Training.Tests.Study;

/// <summary>The study's gradients against the update's own computation, and on a problem whose true gradient is known.</summary>
public class FlatGradientsTests
{
    private static RunSpec Spec(int maxNewTokens) => new()
    {
        Name = "study-toy", Seed = 3, Threads = 1, Model = new ModelOptions { Preset = "micro" },
        Sampling = new SamplingOptions { MaxNewTokens = maxNewTokens },
    };

    private static GenerationOptions Generation(StudyToyTask task, int maxNewTokens) => new()
    {
        MaxNewTokens = maxNewTokens, StopTokenIds = task.StopTokenIds, PadTokenId = task.PadTokenId,
    };

    /// <summary>−∇ of PolicyLoss on the whole batch, as PolicyUpdate builds it (old log-probs under no_grad), via .grad.</summary>
    private static double[] UpdateGradient(Qwen2ForCausalLM policy, RolloutBatch batch, double[] advantages, int padId)
    {
        using var scope = NewDisposeScope();
        policy.zero_grad();
        var packed = SequencePacking.Pack(batch.PromptTokens, batch.ResponseTokens, padId);
        var adv = tensor(advantages.Select(a => (float)a).ToArray()).unsqueeze(1).mul(packed.ResponseMask);
        Tensor old;
        using (no_grad()) old = policy.SequenceLogProbs(packed.Ids, packed.AttentionMask, packed.ResponseMask).LogProbs;
        var current = policy.SequenceLogProbs(packed.Ids, packed.AttentionMask, packed.ResponseMask).LogProbs;
        PolicyLoss.Compute(current, old, adv, packed.ResponseMask, 0.2, 0.3).Loss.backward();
        var flat = cat(policy.parameters().Select(p => p.grad!.reshape(-1).to_type(ScalarType.Float64).neg()).ToArray());
        policy.zero_grad();
        return flat.data<double>().ToArray();
    }

    [Fact]
    public void Trainer_loss_gradient_equals_the_update_s_gradient_at_ratio_one_for_any_micro_batch()
    {
        torch.set_num_threads(1);
        var spec = Spec(5);
        var task = new StudyToyTask(spec);
        using var policy = task.CreateModel();
        using var generator = new Generator(5);
        var batch = task.Sample(policy, [0, 1, 2, 3], [3, 5, 2, 4], Generation(task, 5), generator);
        var raft = RlAlgorithms.Advantages(Algorithm.RaftPlusPlus, batch, true);
        var grpo = RlAlgorithms.Advantages(Algorithm.Grpo, batch, true);
        Assert.Contains(raft, a => a == 0);
        Assert.Contains(raft, a => a > 0);

        var expectedRaft = UpdateGradient(policy, batch, raft, task.PadTokenId);
        var expectedGrpo = UpdateGradient(policy, batch, grpo, task.PadTokenId);
        foreach (var micro in new[] { 1, 3, 64 })
        {
            using var scope = NewDisposeScope();
            var g = FlatGradients.OfTrainerLoss(policy, batch, [raft, grpo], 0.2, 0.3, 1.0, task.PadTokenId, micro);
            AssertClose(expectedRaft, g[0].data<double>().ToArray());
            AssertClose(expectedGrpo, g[1].data<double>().ToArray());
        }
        Assert.Equal(expectedRaft.Length, FlatGradients.ParameterCount(policy));
    }

    [Fact]
    public void Weighted_log_prob_gradient_equals_the_sum_of_weighted_sequence_log_prob_gradients()
    {
        torch.set_num_threads(1);
        var task = new StudyToyTask(Spec(4));
        using var policy = task.CreateModel();
        using var generator = new Generator(8);
        var batch = task.Sample(policy, [4, 5], [3, 3], Generation(task, 4), generator);
        double[] w = [0.5, -1, 0, 2, 0, 0.25];
        using var scope = NewDisposeScope();
        policy.zero_grad();
        var packed = SequencePacking.Pack(batch.PromptTokens, batch.ResponseTokens, task.PadTokenId);
        policy.SequenceLogProbs(packed.Ids, packed.AttentionMask, packed.ResponseMask).LogProbs.sum(1)
            .mul(tensor(w.Select(v => (float)v).ToArray())).sum().backward();
        var expected = cat(policy.parameters().Select(p => p.grad!.reshape(-1).to_type(ScalarType.Float64)).ToArray()).data<double>().ToArray();
        policy.zero_grad();
        AssertClose(expected, FlatGradients.OfWeightedLogProbs(policy, batch, [w], 1.0, task.PadTokenId, 2)[0].data<double>().ToArray());
    }

    [Fact]
    public void On_one_token_responses_raft_and_the_reference_estimate_the_exact_gradient_of_the_expected_reward()
    {
        // With one new token, J = (1/m) Σ_i Σ_y π(y|x_i) r(y) is computed exactly from one forward pass. RAFT++ at ratio
        // 1 with n samples per prompt is then unbiased for ∇J (every response has one token, so the token-mean divides by
        // the constant m·n), and so is the leave-one-out reference.
        torch.set_num_threads(1);
        var spec = Spec(1);
        var task = new StudyToyTask(spec);
        using var policy = Qwen2ForCausalLM.Create(Qwen2Presets.Micro(task.VocabSize) with { InitializerRange = 0.3 }, 11);
        int[] prompts = [0, 1, 2, 3, 4, 5];
        using var scope = NewDisposeScope();
        var exact = ExactGradient(policy, task, prompts);

        const int draws = 60, n = 16;
        var sum = zeros(exact.shape[0], ScalarType.Float64);
        using var generator = new Generator(21);
        for (var r = 0; r < draws; r++)
        {
            using var drawScope = NewDisposeScope();
            var batch = task.Sample(policy, prompts, Enumerable.Repeat(n, prompts.Length).ToArray(), Generation(task, 1), generator);
            Assert.All(batch.ResponseTokens, t => Assert.Single(t));
            sum.add_(FlatGradients.OfTrainerLoss(policy, batch, [RlAlgorithms.Advantages(Algorithm.RaftPlusPlus, batch, true)],
                0.2, 0.2, 1.0, task.PadTokenId, 64)[0]);
        }
        var mean = sum.div(draws);
        Assert.True(Cosine(mean, exact) > 0.97, $"cos(mean RAFT++ gradient, ∇J) = {Cosine(mean, exact):F3}");
        Assert.Equal(1.0, mean.norm().item<double>() / exact.norm().item<double>(), 1); // same length within ±0.05 (unbiased, not just parallel)

        const int k = 64;
        var refBatch = task.Sample(policy, prompts, Enumerable.Repeat(k, prompts.Length).ToArray(), Generation(task, 1), generator);
        var reference = ReferenceGradient.Compute(policy, refBatch, k, prompts.Length, 1.0, task.PadTokenId, 128);
        var predicted = StudyStatistics.ReferenceCosine(reference.SplitHalfCosine);
        var actual = Cosine(reference.Unit, exact);
        Assert.True(actual > 0.8, $"cos(g*, ∇J) = {actual:F3}");
        Assert.True(Math.Abs(predicted - actual) < 0.08, $"split-half predicts cos(g*, ∇J) = {predicted:F3}, actual {actual:F3}");
    }

    /// <summary>∇J for one-token responses: J = (1/m) Σ_i Σ_y softmax(logits_i)_y · r(y).</summary>
    private static Tensor ExactGradient(Qwen2ForCausalLM policy, StudyToyTask task, int[] prompts)
    {
        var ids = tensor(prompts.SelectMany(task.Encode).Select(v => (long)v).ToArray(), [prompts.Length, 2]);
        var logits = policy.Forward(ids).select(1, 1).to_type(ScalarType.Float32);                   // [m, V]
        var reward = zeros(task.VocabSize);
        foreach (var t in task.Rewarded) reward[t] = 1;
        var j = logits.softmax(-1).mul(reward).sum(-1).mean();
        var grads = torch.autograd.grad([j], policy.parameters().ToArray(), allow_unused: true);
        return cat(grads.Select(g => g.reshape(-1).to_type(ScalarType.Float64)).ToArray());
    }

    private static double Cosine(Tensor a, Tensor b) => a.dot(b).item<double>() / (a.norm().item<double>() * b.norm().item<double>());

    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var scale = Math.Sqrt(expected.Sum(v => v * v));
        Assert.True(scale > 0, "the expected gradient is zero: the test would prove nothing");
        var error = Math.Sqrt(expected.Zip(actual, (x, y) => (x - y) * (x - y)).Sum());
        Assert.True(error <= 1e-5 * scale, $"‖difference‖ = {error:G3} against ‖expected‖ = {scale:G3}");
    }
}
