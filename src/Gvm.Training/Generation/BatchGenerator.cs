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
            using var threads = DecodeThreads.For(model, prompts.Count);
            var (tokens, logProbs, steps) = Decode(model, prompts, options, generator ?? ownGenerator);
            return Collect(tokens, logProbs, steps, options.StopTokenIds);
        }
        finally
        {
            ownGenerator?.Dispose();
        }
    }

    /// <summary>
    /// Sequences that have stopped leave the batch once at most <see cref="CompactFraction"/> of its rows are still
    /// generating, but the batch never shrinks below <see cref="MinRows"/> rows (finished rows stay as filler): MKL's
    /// sgemm computes a row differently when the matrix has fewer than 12 rows (measured on the 2-core machine: 1-3 rows
    /// with 1 thread, 1-11 except 4 and 8 with 2). With 1 thread the rows left then get bitwise the numbers of the
    /// full batch; with 2, libtorch's CPU attention also splits its work by batch size and they agree to rounding.
    /// </summary>
    internal const int MinRows = 16;

    internal const double CompactFraction = 0.75;

    private static (Tensor Tokens, Tensor LogProbs, int Steps) Decode(
        Qwen2ForCausalLM model, IReadOnlyList<int[]> prompts, GenerationOptions options, torch.Generator? generator)
    {
        if (!options.UseKvCache) return DecodeWithoutCache(model, prompts, options, generator);
        if (options.PlainDecode) return DecodePlain(model, prompts, options, generator);
        var device = model.Device;
        int b = prompts.Count, p = prompts.Max(x => x.Length), n = options.MaxNewTokens;
        var (ids, keyMask) = LeftPad(prompts, p, p + n, options.PadTokenId, device); // [B, P+N] each
        keyMask.narrow(1, p, n).fill_(Scalars.True); // every generated position is a key (stopped rows feed pad tokens, never read)
        var outTokens = full([b, n], options.PadTokenId, ScalarType.Int64, device); // [B, N]
        var outLogProbs = zeros([b, n], ScalarType.Float32, device);                // [B, N]
        var stopIds = tensor(options.StopTokenIds.Select(x => (long)x).ToArray(), ScalarType.Int64, device);
        // Prefill each distinct prompt once (RL samples N responses per prompt), then copy its cache rows and last
        // logits to every row that repeats it.
        var (distinct, copies) = DistinctRows(prompts);
        using var cache = new KvCache(model.Config, distinct.Length, p + n, device, model.Dtype);
        Tensor nextLogits;                                                                               // [A, V]
        using (var prefill = NewDisposeScope())
        {
            var rowsOfDistinct = tensor(distinct.Select(i => (long)i).ToArray(), device: device);        // [U]
            var logits = model.Forward(ids.narrow(1, 0, p).index_select(0, rowsOfDistinct),
                keyMask.narrow(1, 0, p).index_select(0, rowsOfDistinct), positions: null, cache);       // [U, P, V]
            nextLogits = logits.select(1, p - 1);                                                        // [U, V]
            if (distinct.Length < b)
            {
                var expand = tensor(copies.Select(i => (long)i).ToArray(), device: device);              // [B]
                nextLogits = nextLogits.index_select(0, expand);
                cache.KeepRows(expand);
            }
            nextLogits = nextLogits.MoveToOuterDisposeScope();
        }
        // Rotary tables of every generated position, made once: the token written at column p + s of row i sits at
        // position promptLength_i + s (cumsum of the key mask − 1, as the general forward derives it).
        var promptLengths = tensor(prompts.Select(x => (long)x.Length).ToArray(), device: device).unsqueeze(1); // [B, 1]
        var positions = arange(0, n, dtype: ScalarType.Int64, device: device).unsqueeze(0).Plus(promptLengths);  // [B, N]
        var (cos, sin) = RotaryEmbedding.Tables(positions, model.Config.HeadDim, model.Config.RopeTheta, model.Dtype); // [B, 1, N, d]
        var signedSin = RotaryEmbedding.SignedSin(sin);                                                  // [B, 1, N, d]
        var weights = model.DecodeWeights(); // q|k|v and gate|up stacked once: one GEMM each per layer and step

        Tensor? rows = null;                       // [A] original row of each batch row; null while no row has left
        var finished = new bool[b];                // per batch row (host copy, refreshed at each step's sync)
        var finishedCount = 0;
        var finishedDevice = zeros([b], ScalarType.Bool, device);                                        // [A]
        var steps = 0;
        for (var s = 0; s < n; s++)
        {
            using var step = NewDisposeScope();
            var (token, logProb) = TokenSampler.Sample(nextLogits, options, generator, b, rows);          // [A], [A]
            if (finishedCount > 0)
            {
                token = where(finishedDevice, options.PadTokenId, token);
                logProb = where(finishedDevice, 0.0f, logProb);
            }
            if (rows is null)
            {
                outTokens.select(1, s).copy_(token);
                outLogProbs.select(1, s).copy_(logProb);
            }
            else
            {
                outTokens.select(1, s).index_copy_(0, rows, token);
                outLogProbs.select(1, s).index_copy_(0, rows, logProb);
            }
            if (stopIds.numel() > 0) finishedDevice.logical_or_(isin(token, stopIds));
            steps = s + 1;
            if (s == n - 1) break;
            // Host sync once per step: it ends the batch as soon as every row has stopped and decides the compaction.
            finished = finishedDevice.cpu().data<bool>().ToArray();
            finishedCount = finished.Count(f => f);
            if (finishedCount == finished.Length) break;

            var active = finished.Length - finishedCount;
            if (finished.Length > MinRows && active <= CompactFraction * finished.Length)
            {
                // Keep the running rows (and the first finished ones as filler up to MinRows), in batch order.
                var fillers = Math.Max(0, MinRows - active);
                var keep = Enumerable.Range(0, finished.Length).Where(i => !finished[i] || fillers-- > 0).Select(i => (long)i).ToArray();
                var keepRows = tensor(keep, device: device);                                              // [A']
                rows = (rows is null ? keepRows : rows.index_select(0, keepRows)).MoveToOuterDisposeScope();
                token = token.index_select(0, keepRows);
                finishedDevice = finishedDevice.index_select(0, keepRows).MoveToOuterDisposeScope();
                keyMask = keyMask.index_select(0, keepRows).MoveToOuterDisposeScope();
                cos = cos.index_select(0, keepRows).MoveToOuterDisposeScope();
                signedSin = signedSin.index_select(0, keepRows).MoveToOuterDisposeScope();
                cache.KeepRows(keepRows);
                finished = keep.Select(i => finished[i]).ToArray();
                finishedCount = finished.Count(f => f);
            }

            // One query per row at absolute index length − 1: the general mask reduces to the key mask itself.
            var length = p + s + 1;
            var a = keyMask.shape[0];
            var allowed = keyMask.narrow(1, 0, length).view(a, 1, 1, length);                             // [A, 1, 1, S]
            var logits = model.DecodeStepLogits(token.view(a, 1), weights, cos.select(2, s), signedSin.select(2, s), allowed, cache); // [A, 1, V]
            nextLogits = logits.select(1, 0).MoveToOuterDisposeScope();
        }
        return (outTokens, outLogProbs, steps);
    }

    /// <summary>
    /// The straightforward KV-cache loop (every row stays in the batch, the general forward derives mask and positions
    /// each step, torch.multinomial samples): the reference the tests hold the decoding above to.
    /// </summary>
    private static (Tensor Tokens, Tensor LogProbs, int Steps) DecodePlain(
        Qwen2ForCausalLM model, IReadOnlyList<int[]> prompts, GenerationOptions options, torch.Generator? generator)
    {
        var device = model.Device;
        int b = prompts.Count, p = prompts.Max(x => x.Length), n = options.MaxNewTokens;
        var (ids, keyMask) = LeftPad(prompts, p, p + n, options.PadTokenId, device); // [B, P+N] each
        var outTokens = full([b, n], options.PadTokenId, ScalarType.Int64, device); // [B, N]
        var outLogProbs = zeros([b, n], ScalarType.Float32, device);                // [B, N]
        var finished = zeros([b], ScalarType.Bool, device);                         // [B]
        var stopIds = tensor(options.StopTokenIds.Select(x => (long)x).ToArray(), ScalarType.Int64, device);
        using var cache = new KvCache(model.Config, b, p + n, device, model.Dtype);
        var nextLogits = model.Forward(ids.narrow(1, 0, p), keyMask.narrow(1, 0, p), positions: null, cache).select(1, p - 1); // [B, V]
        var steps = 0;
        for (var s = 0; s < n; s++)
        {
            using var step = NewDisposeScope();
            var scaled = nextLogits.to_type(ScalarType.Float32);
            if (!options.Greedy && options.Temperature != 1.0) scaled = scaled.div(options.Temperature);
            var logp = scaled.log_softmax(-1);
            var token = options.Greedy ? scaled.argmax(-1)
                : multinomial(TokenSampler.Truncate(scaled, options.TopK, options.TopP).softmax(-1), 1, false, generator).squeeze(-1);
            var logProb = logp.gather(-1, token.unsqueeze(-1)).squeeze(-1);
            token = where(finished, options.PadTokenId, token);
            logProb = where(finished, 0.0f, logProb);
            outTokens.select(1, s).copy_(token);
            outLogProbs.select(1, s).copy_(logProb);
            if (stopIds.numel() > 0) finished.logical_or_(isin(token, stopIds));
            steps = s + 1;
            if (s == n - 1 || finished.all().item<bool>()) break;
            ids.select(1, p + s).copy_(token);
            keyMask.select(1, p + s).fill_(Scalars.True);
            var logits = model.Forward(ids.narrow(1, p + s, 1), keyMask.narrow(1, 0, p + s + 1), positions: null, cache); // [B, 1, V]
            nextLogits = logits.select(1, 0).MoveToOuterDisposeScope();
        }
        return (outTokens, outLogProbs, steps);
    }

    /// <summary>Full forward over the whole prefix for every new token: for benchmarks and equivalence tests only.</summary>
    private static (Tensor Tokens, Tensor LogProbs, int Steps) DecodeWithoutCache(
        Qwen2ForCausalLM model, IReadOnlyList<int[]> prompts, GenerationOptions options, torch.Generator? generator)
    {
        var device = model.Device;
        int b = prompts.Count, p = prompts.Max(x => x.Length), n = options.MaxNewTokens;
        var (ids, keyMask) = LeftPad(prompts, p, p + n, options.PadTokenId, device); // [B, P+N] each
        var outTokens = full([b, n], options.PadTokenId, ScalarType.Int64, device); // [B, N]
        var outLogProbs = zeros([b, n], ScalarType.Float32, device);                // [B, N]
        var finished = zeros([b], ScalarType.Bool, device);                         // [B]
        var stopIds = tensor(options.StopTokenIds.Select(x => (long)x).ToArray(), ScalarType.Int64, device);
        var steps = 0;
        for (var s = 0; s < n; s++)
        {
            using var step = NewDisposeScope();
            var length = p + s;
            var logits = model.Forward(ids.narrow(1, 0, length), keyMask.narrow(1, 0, length)); // [B, P+s, V]
            var (token, logProb) = TokenSampler.Sample(logits.select(1, length - 1), options, generator); // [B], [B]
            token = where(finished, options.PadTokenId, token);
            logProb = where(finished, 0.0f, logProb);
            outTokens.select(1, s).copy_(token);
            outLogProbs.select(1, s).copy_(logProb);
            if (stopIds.numel() > 0) finished.logical_or_(isin(token, stopIds));
            steps = s + 1;
            if (s == n - 1 || finished.all().item<bool>()) break; // host sync once per step
            ids.select(1, p + s).copy_(token);
            keyMask.select(1, p + s).fill_(Scalars.True);
        }
        return (outTokens, outLogProbs, steps);
    }

    /// <summary>The first row of each distinct prompt, and for every row the index of its prompt among those.</summary>
    private static (int[] Distinct, int[] Copies) DistinctRows(IReadOnlyList<int[]> prompts)
    {
        var first = new Dictionary<int[], int>(PromptComparer.Instance);
        var distinct = new List<int>();
        var copies = new int[prompts.Count];
        for (var i = 0; i < prompts.Count; i++)
        {
            if (!first.TryGetValue(prompts[i], out var k))
            {
                k = distinct.Count;
                first[prompts[i]] = k;
                distinct.Add(i);
            }
            copies[i] = k;
        }
        return (distinct.ToArray(), copies);
    }

    private sealed class PromptComparer : IEqualityComparer<int[]>
    {
        public static readonly PromptComparer Instance = new();
        public bool Equals(int[]? x, int[]? y) => ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));
        public int GetHashCode(int[] obj)
        {
            var hash = new HashCode();
            foreach (var t in obj) hash.Add(t);
            return hash.ToHashCode();
        }
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
