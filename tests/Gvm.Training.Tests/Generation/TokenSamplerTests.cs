using Gvm.Training.Generation;
using static TorchSharp.torch;

namespace Gvm.Training.Tests.Generation;

public class TokenSamplerTests
{
    [Theory]
    [InlineData(1UL, 64, 25)]
    [InlineData(2UL, 7, 25)]
    [InlineData(3UL, 1, 151)]
    public void Sampling_draws_the_tokens_torch_multinomial_draws_from_the_same_generator(ulong seed, int rows, int vocab)
    {
        using var scope = NewDisposeScope();
        var logits = randn([rows, vocab], generator: new TorchSharp.torch.Generator(seed + 100));
        var options = new GenerationOptions();
        using var a = new TorchSharp.torch.Generator(seed);
        using var b = new TorchSharp.torch.Generator(seed);
        for (var draw = 0; draw < 3; draw++) // the generators stay in step
        {
            var expected = multinomial(logits.softmax(-1), 1, false, a).squeeze(-1).data<long>().ToArray();
            var (tokens, _) = TokenSampler.Sample(logits, options, b);
            Assert.Equal(expected, tokens.data<long>().ToArray());
        }
    }

    [Fact]
    public void Sampling_a_subset_of_rows_uses_those_rows_random_numbers()
    {
        using var scope = NewDisposeScope();
        var logits = randn([20, 9], generator: new TorchSharp.torch.Generator(1));
        var options = new GenerationOptions { Temperature = 0.8 };
        using var a = new TorchSharp.torch.Generator(4);
        using var b = new TorchSharp.torch.Generator(4);
        var (all, allLogp) = TokenSampler.Sample(logits, options, a);
        var rows = tensor(new long[] { 1, 5, 6, 19 });
        var (some, someLogp) = TokenSampler.Sample(logits.index_select(0, rows), options, b, 20, rows);
        Assert.Equal(all.index_select(0, rows).data<long>().ToArray(), some.data<long>().ToArray());
        Assert.Equal(allLogp.index_select(0, rows).data<float>().ToArray(), someLogp.data<float>().ToArray());
    }

    [Fact]
    public void Top_p_keeps_the_smallest_prefix_reaching_the_mass()
    {
        using var scope = NewDisposeScope();
        // probs [0.5, 0.3, 0.15, 0.05] (in shuffled order): top-p 0.8 keeps 0.5 and 0.3 only.
        var probs = tensor(new float[] { 0.15f, 0.5f, 0.05f, 0.3f }).reshape(1, 4);
        var kept = TokenSampler.Truncate(probs.log(), 0, 0.8).isfinite().data<bool>().ToArray();
        Assert.Equal(new[] { false, true, false, true }, kept);
    }

    [Fact]
    public void Top_k_keeps_the_k_largest()
    {
        using var scope = NewDisposeScope();
        var logits = tensor(new float[] { 1, 4, 2, 3 }).reshape(1, 4);
        var kept = TokenSampler.Truncate(logits, 2, 1.0).isfinite().data<bool>().ToArray();
        Assert.Equal(new[] { false, true, false, true }, kept);
    }

    [Fact]
    public void Greedy_takes_the_argmax_with_its_log_probability()
    {
        using var scope = NewDisposeScope();
        var logits = tensor(new float[] { 0, 2, 1, 0, 0, 5 }).reshape(2, 3);
        var (tokens, logProbs) = TokenSampler.Sample(logits, new GenerationOptions { Greedy = true }, null);
        Assert.Equal(new long[] { 1, 2 }, tokens.data<long>().ToArray());
        var expected = 2 - Math.Log(1 + Math.Exp(2) + Math.E);
        Assert.Equal(expected, logProbs.data<float>()[0], 1e-5);
    }
}
