using Gvm.Training.Generation;
using Gvm.Training.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Gvm.Training.Tests.Model;

public class OverfitTests
{
    private const int Vocab = 16, Sequences = 20, Length = 12, Prefix = 4;

    private static long[] Corpus()
    {
        var random = new Random(0);
        return Enumerable.Range(0, Sequences * Length).Select(_ => (long)random.Next(1, Vocab)).ToArray();
    }

    private static float TrainStep(Qwen2ForCausalLM lm, optim.Optimizer optimizer, Tensor ids, Tensor lossMask)
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        var loss = LanguageModelLoss.NextTokenCrossEntropy(lm.Forward(ids), ids, lossMask);
        loss.backward();
        optimizer.step();
        return loss.item<float>();
    }

    [Fact]
    public void Tiny_model_overfits_twenty_sequences_and_greedy_decoding_recites_them()
    {
        using var scope = NewDisposeScope();
        var config = Qwen2Presets.Micro(Vocab) with { HiddenSize = 64, IntermediateSize = 128 };
        using var lm = Qwen2ForCausalLM.Create(config, seed: 1);
        var corpus = Corpus();
        var ids = tensor(corpus, [Sequences, Length]);   // [B, T]
        // Targets start after the prefix: sequences sharing a first token make earlier targets irreducibly ambiguous.
        var lossMask = ones_like(ids);
        lossMask.narrow(1, 0, Prefix).zero_();
        using var optimizer = optim.AdamW(lm.parameters(), lr: 1e-2, weight_decay: 0.0);

        var first = TrainStep(lm, optimizer, ids, lossMask);
        var last = first;
        var liveAfterWarmup = 0L;
        for (var step = 1; step < 200 && last > 0.01f; step++)
        {
            last = TrainStep(lm, optimizer, ids, lossMask);
            if (step == 5) liveAfterWarmup = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            else if (step > 5) Assert.Equal(liveAfterWarmup, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        }
        Assert.True(first > 2.0f, $"initial loss {first} should be near ln(16)");
        Assert.True(last < 0.01f, $"loss after training {last}");

        var prompts = Enumerable.Range(0, Sequences).Select(i => corpus.Skip(i * Length).Take(Prefix).Select(x => (int)x).ToArray()).ToList();
        var recited = BatchGenerator.Generate(lm, prompts, new GenerationOptions { Greedy = true, MaxNewTokens = Length - Prefix });
        for (var i = 0; i < Sequences; i++)
            Assert.Equal(corpus.Skip(i * Length + Prefix).Take(Length - Prefix).Select(x => (int)x), recited.Tokens[i]);
    }
}
