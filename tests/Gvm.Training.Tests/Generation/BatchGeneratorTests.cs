using Gvm.Training.Generation;
using Gvm.Training.Model;
using Gvm.Training.Tests.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Gvm.Training.Tests.Generation;

public class BatchGeneratorTests
{
    [Fact]
    public void Kv_cache_greedy_equals_no_cache_greedy_token_for_token()
    {
        using var lm = TestModels.Micro();
        var options = new GenerationOptions { Greedy = true, MaxNewTokens = 12 };
        var cached = BatchGenerator.Generate(lm, TestModels.Prompts, options);
        var uncached = BatchGenerator.Generate(lm, TestModels.Prompts, options with { UseKvCache = false });
        for (var i = 0; i < TestModels.Prompts.Length; i++)
        {
            Assert.Equal(uncached.Tokens[i], cached.Tokens[i]);
            Assert.Equal(uncached.LogProbs[i], cached.LogProbs[i], new FloatTolerance(1e-5f));
        }
        Assert.Equal(12, cached.Tokens[0].Length);
    }

    [Theory]
    [InlineData(1.0, 1.0, 0)]
    [InlineData(0.7, 0.9, 5)]
    public void Sampled_log_probs_equal_teacher_forced_log_probs(double temperature, double topP, int topK)
    {
        using var scope = NewDisposeScope();
        using var lm = TestModels.Micro(seed: 2);
        var options = new GenerationOptions { Temperature = temperature, TopP = topP, TopK = topK, MaxNewTokens = 10, Seed = 7, StopTokenIds = [0] };
        var result = BatchGenerator.Generate(lm, TestModels.Prompts, options);
        var (ids, mask, responseMask) = TestModels.Concatenate(TestModels.Prompts, result.Tokens);
        using var noGrad = no_grad();
        var recomputed = lm.SequenceLogProbs(ids, mask, responseMask, temperature).LogProbs; // [B, T]
        var p = TestModels.Prompts.Max(x => x.Length);
        for (var i = 0; i < result.Count; i++)
        {
            var row = recomputed[i].narrow(0, p, result.Tokens[i].Length).data<float>().ToArray();
            Assert.Equal(row, result.LogProbs[i], new FloatTolerance(1e-5f));
        }
    }

    [Fact]
    public void Same_seed_reproduces_and_a_different_seed_differs()
    {
        using var lm = TestModels.Micro();
        var options = new GenerationOptions { MaxNewTokens = 16, Seed = 11 };
        var a = BatchGenerator.Generate(lm, TestModels.Prompts, options);
        var b = BatchGenerator.Generate(lm, TestModels.Prompts, options);
        var c = BatchGenerator.Generate(lm, TestModels.Prompts, options with { Seed = 12 });
        Assert.Equal(a.Tokens, b.Tokens);
        Assert.NotEqual(a.Tokens, c.Tokens);
        using var generator = new torch.Generator(11, CPU);
        Assert.Equal(a.Tokens, BatchGenerator.Generate(lm, TestModels.Prompts, options with { Seed = null }, generator).Tokens);
    }

    [Fact]
    public void Each_sequence_finishes_at_its_own_stop_token()
    {
        using var lm = TestModels.Micro(seed: 5, vocab: 6);
        var options = new GenerationOptions { MaxNewTokens = 40, Seed = 3, StopTokenIds = [0, 1] };
        var result = BatchGenerator.Generate(lm, TestModels.Prompts.Select(x => x.Select(t => t % 6).ToArray()).ToList(), options);
        Assert.Contains(FinishReason.Stop, result.FinishReasons);
        for (var i = 0; i < result.Count; i++)
        {
            var tokens = result.Tokens[i];
            Assert.Equal(tokens.Length, result.LogProbs[i].Length);
            var stops = tokens.Count(t => t is 0 or 1);
            if (result.FinishReasons[i] == FinishReason.Stop)
            {
                Assert.Equal(1, stops);
                Assert.True(tokens[^1] is 0 or 1);
            }
            else
            {
                Assert.Equal(0, stops);
                Assert.Equal(40, tokens.Length);
            }
        }
    }

    [Fact]
    public void Top_k_of_one_is_greedy()
    {
        using var lm = TestModels.Micro();
        var greedy = BatchGenerator.Generate(lm, TestModels.Prompts, new GenerationOptions { Greedy = true, MaxNewTokens = 8 });
        var topOne = BatchGenerator.Generate(lm, TestModels.Prompts, new GenerationOptions { TopK = 1, MaxNewTokens = 8, Seed = 1 });
        Assert.Equal(greedy.Tokens, topOne.Tokens);
    }

    /// <summary>40 prompts over a 6-symbol vocabulary with two stop ids: rows stop at different steps, so the batch is
    /// compacted several times (40 → ≤ 30 → ... → 16 rows with finished fillers).</summary>
    private static List<int[]> ManyPrompts(int count, int vocab)
    {
        var random = new Random(5);
        return Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, random.Next(1, 7)).Select(_ => random.Next(2, vocab)).ToArray()).ToList();
    }

    [Theory]
    [InlineData(1.0, 1.0, 0, false, 1)]
    [InlineData(0.7, 0.9, 4, false, 1)]
    [InlineData(1.0, 1.0, 0, true, 1)]
    [InlineData(1.0, 1.0, 0, false, 5)] // each prompt 5 times, as RL samples: one prefill per distinct prompt
    public void Fast_decoding_reproduces_the_plain_loop_token_for_token(double temperature, double topP, int topK, bool greedy, int copies)
    {
        using var lm = TestModels.Micro(seed: 5, vocab: 6);
        var prompts = ManyPrompts(40 / copies, 6).SelectMany(x => Enumerable.Repeat(x, copies)).ToList();
        var options = new GenerationOptions
        {
            Temperature = temperature, TopP = topP, TopK = topK, Greedy = greedy, MaxNewTokens = 30, Seed = 9, StopTokenIds = [0, 1],
        };
        var fast = BatchGenerator.Generate(lm, prompts, options);
        var plain = BatchGenerator.Generate(lm, prompts, options with { PlainDecode = true });
        var lengths = fast.Tokens.Select(t => t.Length).Distinct().Count();
        Assert.True(lengths > 3, $"rows should stop at different steps (distinct lengths {lengths})");
        // Tokens are the same; log-probs agree to float rounding. (With 1 torch thread they are bitwise equal; with 2,
        // libtorch's CPU attention splits its work by batch size, so rows of a compacted batch round differently.)
        for (var i = 0; i < prompts.Count; i++)
        {
            Assert.Equal(plain.Tokens[i], fast.Tokens[i]);
            Assert.Equal(plain.LogProbs[i], fast.LogProbs[i], new FloatTolerance(1e-5f));
            Assert.Equal(plain.FinishReasons[i], fast.FinishReasons[i]);
        }
    }

    [Fact]
    public void Fast_decoding_reproduces_the_plain_loop_on_the_tiny_preset_without_stops()
    {
        using var lm = Qwen2ForCausalLM.Create(Qwen2Presets.Tiny(25), 3);
        var prompts = ManyPrompts(20, 25);
        var options = new GenerationOptions { MaxNewTokens = 12, Seed = 4 };
        var fast = BatchGenerator.Generate(lm, prompts, options);
        var plain = BatchGenerator.Generate(lm, prompts, options with { PlainDecode = true });
        Assert.Equal(plain.Tokens, fast.Tokens);
        Assert.Equal(plain.LogProbs, fast.LogProbs); // bitwise: no row leaves the batch, the same kernels run
    }

    [Fact]
    public void Repeated_generation_leaves_no_live_tensors_behind()
    {
        using var lm = TestModels.Micro();
        var options = new GenerationOptions { MaxNewTokens = 8, Seed = 1 };
        var prompts = ManyPrompts(40, 16); // enough rows for the batch to be compacted as rows stop
        var stopping = options with { MaxNewTokens = 20, StopTokenIds = [0, 1, 2] };
        BatchGenerator.Generate(lm, TestModels.Prompts, options);
        BatchGenerator.Generate(lm, prompts, stopping);
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (var i = 0; i < 5; i++)
        {
            BatchGenerator.Generate(lm, TestModels.Prompts, options);
            BatchGenerator.Generate(lm, prompts, stopping with { Seed = (ulong)i });
        }
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(float obj) => 0;
    }
}
