using System.Diagnostics;
using System.Globalization;
using Gvm.Training.Devices;
using Gvm.Training.Generation;
using Gvm.Training.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Gvm.Training.Benchmarks;

/// <summary>
/// Throughput of the policy model: generation with and without the KV cache, training tokens/s, achieved FLOP/s
/// against a large matmul measured in the same process, and resident memory over a long generate/train loop.
/// </summary>
public static class ModelBenchmark
{
    public static IReadOnlyList<BenchmarkRow> Run(ModelBenchmarkOptions options, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        options.Validate();
        torch.set_num_threads(options.Threads);
        var device = ComputeDevice.Resolve(options.Device);
        var config = Qwen2Presets.ByName(options.Preset, options.VocabSize);
        using var lm = device.Place(Qwen2ForCausalLM.Create(config, options.Seed));
        var rows = new List<BenchmarkRow>
        {
            new("model", $"{options.Preset}: {config.NumHiddenLayers}×{config.HiddenSize}, {config.ParameterCount:N0} params",
                $"{device.Device.type.ToString().ToLowerInvariant()} {device.Dtype}, {options.Threads} threads"),
        };
        var prompts = Prompts(options.GenerationBatch, options.PromptLength, config.VocabSize, options.Seed);
        var generation = new GenerationOptions { MaxNewTokens = options.NewTokens, Seed = options.Seed };

        progress?.Invoke("generation with KV cache");
        BatchGenerator.Generate(lm, prompts.Take(4).ToList(), generation with { MaxNewTokens = 4 }); // warm-up
        var cached = TokensPerSecond(() => BatchGenerator.Generate(lm, prompts, generation).TotalTokens);
        cancellationToken.ThrowIfCancellationRequested();
        progress?.Invoke("generation without KV cache");
        var uncached = TokensPerSecond(() => BatchGenerator.Generate(lm, prompts, generation with { UseKvCache = false }).TotalTokens);
        var batchNote = $"{options.GenerationBatch} prompts × {options.NewTokens} new tokens, temperature 1";
        rows.Add(new("generation tokens/s, KV cache", Format(cached), batchNote));
        rows.Add(new("generation tokens/s, no cache", Format(uncached), batchNote));
        rows.Add(new("KV-cache speed-up", $"{cached / uncached:F1}×", "target ≥ 5×"));
        cancellationToken.ThrowIfCancellationRequested();

        progress?.Invoke("training steps");
        using var optimizer = optim.AdamW(lm.parameters(), lr: 1e-4);
        var trainIds = randint(0, config.VocabSize, [options.TrainBatch, options.TrainSequenceLength], dtype: ScalarType.Int64, device: device.Device);
        TrainStep(lm, optimizer, trainIds); // warm-up
        var trainTokens = (long)options.TrainBatch * options.TrainSequenceLength * options.TrainSteps;
        var trainSeconds = Seconds(() => { for (var i = 0; i < options.TrainSteps; i++) TrainStep(lm, optimizer, trainIds); });
        var trainRate = trainTokens / trainSeconds;
        rows.Add(new("training tokens/s", Format(trainRate),
            $"batch {options.TrainBatch} × {options.TrainSequenceLength}, forward+backward+AdamW, {1000 * trainSeconds / options.TrainSteps:F0} ms/step"));

        progress?.Invoke("reference matmul");
        var matmulFlops = MatmulFlopsPerSecond(options.MatmulSize, device);
        var trainFlops = trainRate * TrainingFlopsPerToken(config, options.TrainSequenceLength);
        rows.Add(new("reference matmul FLOP/s", FormatFlops(matmulFlops), $"{options.MatmulSize}² × {options.MatmulSize}² {device.Dtype}"));
        rows.Add(new("training achieved FLOP/s", FormatFlops(trainFlops), "6·N + 12·L·D·T FLOPs per token (nanoGPT estimate_mfu)"));
        rows.Add(new("training / matmul", $"{100 * trainFlops / matmulFlops:F1}%", "target ≥ 20%"));
        trainIds.Dispose();

        if (options.MemorySteps > 0)
        {
            progress?.Invoke($"memory loop ({options.MemorySteps} generate+train steps)");
            rows.AddRange(MemoryLoop(lm, optimizer, config, device, options, cancellationToken));
        }
        return rows;
    }

    private static IEnumerable<BenchmarkRow> MemoryLoop(Qwen2ForCausalLM lm, optim.Optimizer optimizer, Qwen2Config config,
        ComputeDevice device, ModelBenchmarkOptions options, CancellationToken cancellationToken)
    {
        var prompts = Prompts(16, 8, config.VocabSize, options.Seed + 1);
        var generation = new GenerationOptions { MaxNewTokens = 24, Seed = options.Seed };
        var warmup = Math.Min(50, options.MemorySteps / 10);
        long rssWarm = 0, liveWarm = 0;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < options.MemorySteps; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = BatchGenerator.Generate(lm, prompts, generation with { Seed = options.Seed + (ulong)i });
            using (var scope = NewDisposeScope())
            {
                var ids = tensor(result.Tokens.Select(t => t.Concat(Enumerable.Repeat(0, 24 - t.Length))).SelectMany(t => t).Select(t => (long)t).ToArray(),
                    [prompts.Count, 24]).to(device.Device);
                TrainStep(lm, optimizer, ids);
            }
            if (i == warmup)
            {
                GC.Collect();
                rssWarm = ResidentBytes();
                liveWarm = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            }
        }
        GC.Collect();
        var rssEnd = ResidentBytes();
        var liveEnd = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var note = $"{options.MemorySteps} × (generate 16×24 + train step), {watch.Elapsed.TotalSeconds:F0} s";
        yield return new($"RSS after warm-up (step {warmup})", $"{rssWarm / 1048576.0:F1} MiB", note);
        yield return new($"RSS after step {options.MemorySteps}", $"{rssEnd / 1048576.0:F1} MiB",
            $"growth {(rssEnd - rssWarm) / 1048576.0:+0.0;-0.0} MiB; live tensors {liveWarm} → {liveEnd}");
    }

    private static float TrainStep(Qwen2ForCausalLM lm, optim.Optimizer optimizer, Tensor ids)
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        var loss = LanguageModelLoss.NextTokenCrossEntropy(lm.Forward(ids), ids, ones_like(ids));
        loss.backward();
        optimizer.step();
        return loss.item<float>(); // host sync: the step is finished when this returns
    }

    /// <summary>Training FLOPs per token: 6N for forward+backward through the weights plus 12·L·D·T for attention
    /// scores and mixing (Kaplan et al. 2020 Table 1; nanoGPT estimate_mfu).</summary>
    public static double TrainingFlopsPerToken(Qwen2Config config, int sequenceLength) =>
        6.0 * config.ParameterCount + 12.0 * config.NumHiddenLayers * config.HiddenSize * sequenceLength;

    /// <summary>FLOP/s of an n×n by n×n matmul (5 repeats after a warm-up) on the device at the current thread count.</summary>
    public static double MatmulFlopsPerSecond(int n, ComputeDevice device)
    {
        using var scope = NewDisposeScope();
        var a = randn([n, n], device.Dtype, device.Device);
        var b = randn([n, n], device.Dtype, device.Device);
        a.matmul(b).sum().item<float>(); // warm-up
        const int repeats = 5;
        var seconds = Seconds(() =>
        {
            using var inner = NewDisposeScope();
            Tensor? c = null;
            for (var i = 0; i < repeats; i++) c = a.matmul(b);
            c!.sum().item<float>();
        });
        return repeats * 2.0 * n * (double)n * n / seconds;
    }

    private static List<int[]> Prompts(int count, int length, int vocab, ulong seed)
    {
        var random = new Random((int)seed);
        // Lengths vary between length/2 and length so the left-padding path is exercised.
        return Enumerable.Range(0, count)
            .Select(_ => Enumerable.Range(0, random.Next(length / 2, length + 1)).Select(_ => random.Next(1, vocab)).ToArray())
            .ToList();
    }

    private static double TokensPerSecond(Func<long> run)
    {
        long tokens = 0;
        var seconds = Seconds(() => tokens = run());
        return tokens / seconds;
    }

    private static double Seconds(Action run)
    {
        var watch = Stopwatch.StartNew();
        run();
        return watch.Elapsed.TotalSeconds;
    }

    private static long ResidentBytes()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    private static string Format(double rate) => rate.ToString("N0", CultureInfo.InvariantCulture);

    private static string FormatFlops(double flops) => flops >= 1e12
        ? $"{flops / 1e12:F2} TFLOP/s"
        : $"{flops / 1e9:F2} GFLOP/s";

    /// <summary>Renders rows as a Markdown table.</summary>
    public static string ToMarkdown(IReadOnlyList<BenchmarkRow> rows)
    {
        var lines = new List<string> { "| measure | value | note |", "|---|---:|---|" };
        lines.AddRange(rows.Select(r => $"| {r.Measure} | {r.Value} | {r.Note} |"));
        return string.Join(Environment.NewLine, lines);
    }
}
