using System.CommandLine;
using System.Diagnostics;
using Gvm.Core.IO;
using Gvm.Reasoning.Tokenizers;

namespace Gvm.Cli.Commands.Bench;

/// <summary><c>gvm bench tokenizer</c>: single-threaded Qwen2 encoding speed on English prose and on MATH-500 text (Markdown table).</summary>
internal static class BenchTokenizerCommand
{
    public static Command Create()
    {
        var command = new Command("tokenizer", "Qwen2 tokenizer encoding speed");
        var tokenizer = TokenizerCliOptions.TokenizerOption();
        var megabytes = new Option<double>("--megabytes") { Description = "Text encoded by the warm measurement, per corpus", DefaultValueFactory = _ => 16 };
        var corpus = new Option<string[]>("--corpus") { Description = "Extra corpus files (.md/.txt whole, .jsonl per line); repeatable", AllowMultipleArgumentsPerToken = true };
        command.Options.Add(tokenizer);
        command.Options.Add(megabytes);
        command.Options.Add(corpus);
        command.SetAction((parse, ct) =>
        {
            var sw = Stopwatch.StartNew();
            var tok = Qwen2Tokenizer.Load(TokenizerCliOptions.ResolveDirectory(parse.GetValue(tokenizer)));
            var loadSeconds = sw.Elapsed.TotalSeconds;
            var shared = RepoPaths.RequireShared();
            var corpora = new List<BenchmarkCorpus>
            {
                // English prose: the shared specifications and docs (Markdown).
                BenchmarkCorpus.FromFiles("english (shared specs+docs)",
                    Directory.GetFiles(Path.Combine(shared, "specs"), "*.md").Concat(Directory.GetFiles(Path.Combine(shared, "docs"), "*.md")).Order()),
                BenchmarkCorpus.FromFiles("math500 (problem+solution+answer)", [Path.Combine(shared, "data", "benchmarks", "math500.jsonl")]),
            };
            foreach (var extra in parse.GetValue(corpus) ?? []) corpora.Add(BenchmarkCorpus.FromFiles(Path.GetFileName(extra), [extra]));
            var rows = corpora.Select(c => TokenizerBenchmark.Run(tok, c, parse.GetValue(megabytes), cancellationToken: ct)).ToList();
            Console.WriteLine(FormattableString.Invariant($"Qwen2 tokenizer, 1 thread, load {loadSeconds:F2} s ({tok.TokenCount:N0} tokens, {tok.MergeCount:N0} merges)"));
            Console.WriteLine();
            Console.Write(TokenizerBenchmark.ToMarkdown(rows));
            return Task.FromResult(0);
        });
        return command;
    }
}
