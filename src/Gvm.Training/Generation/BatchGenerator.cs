using Gvm.Training.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Gvm.Training.Generation;

/// <summary>
/// Batched autoregressive sampling (named BatchGenerator, not Generator, so it never clashes with torch.Generator under `using static TorchSharp.torch`) from a <see cref="Qwen2ForCausalLM"/>. Prompts of different lengths are left-padded
/// so every row writes the KV cache at the same index; each row stops on its own at a stop token.
/// Letters: B batch, P padded prompt length, N max new tokens, V vocabulary.
/// </summary>
public static class BatchGenerator
{
    /// <summary>
    /// Generates up to <see cref="GenerationOptions.MaxNewTokens"/> tokens for each prompt. Runs under no_grad inside
    /// its own dispose scope (nothing native outlives the call). Reproducible: the same seed (or a generator in the same
    /// state), model and prompts give the same tokens.
    /// </summary>
    /// <param name="generator">Sampling RNG on the model's device; null = a new one seeded from <see cref="GenerationOptions.Seed"/>.</param>
    public static GenerationResult Generate(Qwen2ForCausalLM model, IReadOnlyList<int[]> prompts, GenerationOptions options, torch.Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(prompts);
        options.Validate();
        if (prompts.Count == 0) return new GenerationResult([], [], []);
        for (var i = 0; i < prompts.Count; i++)
            if (prompts[i] is null || prompts[i].Length == 0) throw new ArgumentException($"prompt {i} is empty", nameof(prompts));

        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var ownGenerator = generator is null && !options.Greedy
            ? new torch.Generator(options.Seed ?? (ulong)Random.Shared.NextInt64(), model.Device)
            : null;
        try
        {
            var (tokens, logProbs, steps) = Decode(model, prompts, options, generator ?? ownGenerator);
            return Collect(tokens, logProbs, steps, options.StopTokenIds);
        }
        finally
        {
            ownGenerator?.Dispose();
        }
    }

    private static (Tensor Tokens, Tensor LogProbs, int Steps) Decode(
        Qwen2ForCausalLM model, IReadOnlyList<int[]> prompts, GenerationOptions options, torch.Generator? generator)
    {
        var device = model.Device;
        int b = prompts.Count, p = prompts.Max(x => x.Length), n = options.MaxNewTokens;
        var (ids, keyMask) = LeftPad(prompts, p, p + n, options.PadTokenId, device); // [B, P+N] each
        var outTokens = full([b, n], options.PadTokenId, ScalarType.Int64, device); // [B, N]
        var outLogProbs = zeros([b, n], ScalarType.Float32, device);                // [B, N]
        var finished = zeros([b], ScalarType.Bool, device);                         // [B]
        var stopIds = tensor(options.StopTokenIds.Select(x => (long)x).ToArray(), ScalarType.Int64, device);
        using var cache = options.UseKvCache ? new KvCache(model.Config, b, p + n, device, model.Dtype) : null;

        var nextLogits = zeros([b, model.Config.VocabSize], ScalarType.Float32, device); // [B, V]
        using (var prefill = NewDisposeScope())
        {
            var logits = model.Forward(ids.narrow(1, 0, p), keyMask.narrow(1, 0, p), positions: null, cache); // [B, P, V]
            nextLogits.copy_(logits.select(1, p - 1));
        }

        var steps = 0;
        for (var s = 0; s < n; s++)
        {
            using var step = NewDisposeScope();
            var (token, logProb) = TokenSampler.Sample(nextLogits, options, generator); // [B], [B]
            token = where(finished, options.PadTokenId, token);
            logProb = where(finished, 0.0f, logProb);
            outTokens.select(1, s).copy_(token);
            outLogProbs.select(1, s).copy_(logProb);
            if (stopIds.numel() > 0) finished.logical_or_(isin(token, stopIds));
            steps = s + 1;
            // Host sync once per step; cheap on CPU and it lets a batch end as soon as every row has stopped.
            if (s == n - 1 || finished.all().item<bool>()) break;

            var length = p + s + 1;
            ids.select(1, p + s).copy_(token);
            keyMask.select(1, p + s).fill_(true);
            var logits = options.UseKvCache
                ? model.Forward(ids.narrow(1, p + s, 1), keyMask.narrow(1, 0, length), positions: null, cache) // [B, 1, V]
                : model.Forward(ids.narrow(1, 0, length), keyMask.narrow(1, 0, length));                      // [B, P+s+1, V]
            nextLogits.copy_(logits.select(1, logits.shape[1] - 1));
        }
        return (outTokens, outLogProbs, steps);
    }

    /// <summary>Left-pads prompts into [B, width] ids and a [B, width] bool mask (true on prompt tokens only).</summary>
    private static (Tensor Ids, Tensor Mask) LeftPad(IReadOnlyList<int[]> prompts, int promptWidth, int width, int padId, Device device)
    {
        var b = prompts.Count;
        var ids = new long[b * width];
        var mask = new bool[b * width];
        Array.Fill(ids, padId);
        for (var i = 0; i < b; i++)
        {
            var offset = i * width + promptWidth - prompts[i].Length;
            for (var j = 0; j < prompts[i].Length; j++)
            {
                ids[offset + j] = prompts[i][j];
                mask[offset + j] = true;
            }
        }
        return (tensor(ids, [b, width]).to(device), tensor(mask, [b, width]).to(device));
    }

    /// <summary>Copies to the host and cuts each row after its first stop token.</summary>
    private static GenerationResult Collect(Tensor tokens, Tensor logProbs, int steps, IReadOnlyList<int> stopTokenIds)
    {
        var b = (int)tokens.shape[0];
        var n = (int)tokens.shape[1];
        // Sync point: one device → host copy of the whole batch after generation (decoding and rewards run on the host).
        var hostTokens = tokens.cpu().data<long>().ToArray();
        var hostLogProbs = logProbs.cpu().data<float>().ToArray();
        var stops = stopTokenIds.ToHashSet();
        var outTokens = new int[b][];
        var outLogProbs = new float[b][];
        var reasons = new FinishReason[b];
        for (var i = 0; i < b; i++)
        {
            var length = steps;
            reasons[i] = FinishReason.Length;
            for (var j = 0; j < steps; j++)
            {
                if (!stops.Contains((int)hostTokens[i * n + j])) continue;
                length = j + 1;
                reasons[i] = FinishReason.Stop;
                break;
            }
            outTokens[i] = new int[length];
            outLogProbs[i] = new float[length];
            for (var j = 0; j < length; j++)
            {
                outTokens[i][j] = (int)hostTokens[i * n + j];
                outLogProbs[i][j] = hostLogProbs[i * n + j];
            }
        }
        return new GenerationResult(outTokens, outLogProbs, reasons);
    }
}
