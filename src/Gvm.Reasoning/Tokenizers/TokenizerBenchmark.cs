using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Gvm.Reasoning.Tokenizers;

/// <summary>A named list of documents to encode (each document is one <see cref="Qwen2Tokenizer.Encode(string)"/> call).</summary>
public sealed record BenchmarkCorpus(string Name, IReadOnlyList<string> Documents)
{
    public long Utf8Bytes { get; } = Documents.Sum(d => (long)Encoding.UTF8.GetByteCount(d));

    /// <summary>Markdown/text files become one document each; JSON Lines files one document per line (its string fields joined by newlines).</summary>
    public static BenchmarkCorpus FromFiles(string name, IEnumerable<string> paths)
    {
        var docs = new List<string>();
        foreach (var path in paths)
        {
            if (!path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
            {
                docs.Add(File.ReadAllText(path));
                continue;
            }
            foreach (var line in File.ReadLines(path))
            {
                if (line.Length == 0) continue;
                using var doc = JsonDocument.Parse(line);
                var strings = doc.RootElement.ValueKind == JsonValueKind.Object
                    ? doc.RootElement.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String).Select(p => p.Value.GetString()!)
                    : [];
                docs.Add(string.Join('\n', strings));
            }
        }
        return new BenchmarkCorpus(name, docs);
    }
}

/// <summary>One row of <c>gvm bench tokenizer</c>.</summary>
/// <remarks>Wall-clock rates suffer when other processes share the cores; the CPU rates divide by this process's CPU time
/// (the work is single-threaded, so they approximate one dedicated core; GC threads make them slightly conservative).</remarks>
public sealed record TokenizerBenchmarkRow(string Corpus, double Megabytes, long Tokens, double BytesPerToken,
    double ColdMegabytesPerSecond, double WarmMegabytesPerSecond, double ColdMegabytesPerCpuSecond, double WarmMegabytesPerCpuSecond);

/// <summary>Single-threaded encoding throughput: cold (pre-token cache cleared, one pass) and warm (repeated passes).</summary>
public static class TokenizerBenchmark
{
    /// <param name="warmMegabytes">How much text the warm measurement encodes (the corpus repeated).</param>
    public static TokenizerBenchmarkRow Run(Qwen2Tokenizer tokenizer, BenchmarkCorpus corpus, double warmMegabytes = 16, int coldRepeats = 5,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(warmMegabytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(coldRepeats);
        if (corpus.Utf8Bytes == 0) throw new ArgumentException($"corpus '{corpus.Name}' is empty", nameof(corpus));
        var megabytes = corpus.Utf8Bytes / 1e6;

        using var process = Process.GetCurrentProcess();
        EncodeAll(tokenizer, corpus, cancellationToken); // untimed: JIT and tiering, so "cold" means a cold cache, not cold code
        var coldSeconds = double.MaxValue;
        var coldCpu = double.MaxValue;
        long tokens = 0;
        for (var r = 0; r < coldRepeats; r++)
        {
            tokenizer.ClearCache();
            var (wall, cpu) = Measure(process, () => tokens = EncodeAll(tokenizer, corpus, cancellationToken));
            coldSeconds = Math.Min(coldSeconds, wall);
            coldCpu = Math.Min(coldCpu, cpu);
        }

        var passes = Math.Max(1, (int)Math.Ceiling(warmMegabytes / megabytes));
        var (warmSeconds, warmCpu) = Measure(process, () =>
        {
            for (var p = 0; p < passes; p++) EncodeAll(tokenizer, corpus, cancellationToken);
        });

        return new TokenizerBenchmarkRow(corpus.Name, megabytes, tokens, corpus.Utf8Bytes / (double)tokens,
            megabytes / coldSeconds, megabytes * passes / warmSeconds, megabytes / coldCpu, megabytes * passes / warmCpu);
    }

    /// <summary>The Markdown table of the rows.</summary>
    public static string ToMarkdown(IEnumerable<TokenizerBenchmarkRow> rows)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| corpus | MB | tokens | bytes/token | cold MB/s | warm MB/s | cold MB/cpu-s | warm MB/cpu-s |");
        sb.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in rows)
        {
            sb.AppendLine(FormattableString.Invariant(
                $"| {r.Corpus} | {r.Megabytes:F2} | {r.Tokens:N0} | {r.BytesPerToken:F2} | {r.ColdMegabytesPerSecond:F1} | {r.WarmMegabytesPerSecond:F1} | {r.ColdMegabytesPerCpuSecond:F1} | {r.WarmMegabytesPerCpuSecond:F1} |"));
        }
        return sb.ToString();
    }

    private static (double Wall, double Cpu) Measure(Process process, Action action)
    {
        process.Refresh();
        var cpu0 = process.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        action();
        var wall = sw.Elapsed.TotalSeconds;
        process.Refresh();
        return (wall, Math.Max(1e-6, (process.TotalProcessorTime - cpu0).TotalSeconds));
    }

    private static long EncodeAll(Qwen2Tokenizer tokenizer, BenchmarkCorpus corpus, CancellationToken cancellationToken)
    {
        long tokens = 0;
        var ids = new List<int>(1 << 16);
        foreach (var doc in corpus.Documents)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ids.Clear();
            tokenizer.Encode(doc, ids);
            tokens += ids.Count;
        }
        return tokens;
    }
}
