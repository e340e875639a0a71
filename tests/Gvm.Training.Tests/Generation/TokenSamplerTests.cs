using Gvm.Training.Generation;
using static TorchSharp.torch;

namespace Gvm.Training.Tests.Generation;

public class TokenSamplerTests
{
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
