using System.Buffers.Binary;
using System.Text;
using Gvm.Core.Inputs;
using Gvm.Core.Runs;
using Gvm.Core.Sweeps;
using Gvm.Orchestration.Grids;
using Gvm.Orchestration.Ledger;
using Gvm.Orchestration.Metrics;
using Gvm.Orchestration.Planning;
using Gvm.Reporting.Inputs;
using Gvm.Reasoning.Tokenizers;
using Gvm.Reporting.Tests.Synthetic;
using Gvm.Training.Checkpoints;
using Gvm.Training.Model;

namespace Gvm.Cli.Tests.Fuzz;

/// <summary>
/// Issue 17: every file reader without a command of its own, fed the hostile variants of a valid sample
/// (<see cref="HostileInputs"/>), either succeeds or throws an <see cref="InputException"/> that names the file; never
/// any other exception. Each failure names the reader and the mutation.
/// </summary>
public sealed class ReaderFuzzTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gvm-fuzz-reader-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>Runs <paramref name="read"/> on each case written at <paramref name="path"/>; returns the failures.</summary>
    internal static List<string> Probe(string reader, IEnumerable<HostileCase> cases, string path, Action read, bool mustNameFile = true)
    {
        var failures = new List<string>();
        foreach (var c in cases)
        {
            c.WriteTo(path);
            try
            {
                read();
            }
            catch (InputException e)
            {
                if (string.IsNullOrWhiteSpace(e.Message)) failures.Add($"{reader}/{c.Name}: {e.GetType().Name} with an empty message");
                else if (mustNameFile && !e.Message.Contains(Path.GetFileName(path), StringComparison.Ordinal))
                    failures.Add($"{reader}/{c.Name}: {e.GetType().Name} does not name {Path.GetFileName(path)}: {e.Message}");
            }
            catch (Exception e)
            {
                failures.Add($"{reader}/{c.Name}: {e.GetType().Name}: {FirstLine(e.Message)}" + (Environment.GetEnvironmentVariable("GVM_FUZZ_TRACE") == "1" ? "\n" + e.StackTrace : ""));
            }
        }
        return failures;
    }

    internal static string FirstLine(string text) => text.Split('\n')[0];

    internal static void AssertNone(List<string> failures) =>
        Assert.True(failures.Count == 0, $"{failures.Count} hostile input(s) not handled as input errors:\n" + string.Join("\n", failures));

    private static byte[] SafeTensorsSample()
    {
        var header = """{"__metadata__":{"format":"pt"},"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"b":{"dtype":"BF16","shape":[3],"data_offsets":[16,22]}}"""u8.ToArray();
        var bytes = new byte[8 + header.Length + 22];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, header.Length);
        header.CopyTo(bytes, 8);
        return bytes;
    }

    [Fact]
    public void Safetensors_header()
    {
        var path = Path.Combine(_root, "model.safetensors");
        AssertNone(Probe("safetensors", HostileInputs.From(SafeTensorsSample(), SampleFormat.SafeTensors), path, () => SafeTensorsFile.ReadHeader(path)));
    }

    [Fact]
    public void Qwen2_config_json()
    {
        var path = Path.Combine(_root, "config.json");
        var sample = Qwen2Presets.Micro() with { BosTokenId = 1, EosTokenId = 2 };
        AssertNone(Probe("config.json", HostileInputs.From(sample.ToJson(), SampleFormat.Json), path, () => HfCheckpoint.LoadConfig(path)));
    }

    [Fact]
    public void Run_spec()
    {
        var path = Path.Combine(_root, "spec.json");
        var sample = new RunSpec { Name = "fuzz", Algorithm = Algorithm.GvmGrpo, Seed = 3 }.ToJson();
        // Load reads the file and parses it; a spec that parses is validated as `gvm train` would.
        AssertNone(Probe("spec", HostileInputs.From(sample, SampleFormat.Json), path, () => RunSpec.Load(path).Validate()));
    }

    internal const string GridSample = """
        name: fuzz
        description: a small valid grid
        defaults:
          threads: 1
          task: { kind: arith, levels: 4, data_seed: 1234, train_size: 2000 }
          model: { preset: micro, device: cpu, dtype: float32 }
        backend:
          launcher: local
          parallel: 2
          retries: 1
        stages:
          rl:
            spec:
              sampling: { prompts_per_step: 4, samples_per_prompt: 4, presamples: 4, max_new_tokens: 16 }
              schedule: { steps: 4, eval_every: 2, checkpoint_every: 2 }
            axes:
              algorithm: [raft_pp, gvm_raft_pp]
              seed: [1, 2]
            resources: { timeout_s: 900 }
        pairs:
          - { baseline: raft_pp, candidate: gvm_raft_pp }
        """;

    [Fact]
    public void Grid_parse_and_plan()
    {
        var path = Path.Combine(_root, "grid.yaml");
        var sweep = Path.Combine(_root, "sweep");
        AssertNone(Probe("grid", HostileInputs.From(GridSample, SampleFormat.Yaml), path, () => Planner.Plan(GridParser.Load(path), sweep)));
    }

    private const string MetricsSample = """
        {"step":1,"time":1700000001,"train/reward_mean":0.25,"train/entropy":"NaN","train/kl":0.001}
        {"step":2,"time":1700000002,"train/reward_mean":0.5,"train/kl":0.002}
        {"step":2,"time":1700000002,"eval/accuracy":0.4,"eval/accuracy/level_1":0.5}

        """;

    [Fact]
    public void Metrics_journal_of_reporting_and_orchestration()
    {
        var path = Path.Combine(_root, "metrics.jsonl");
        var cases = HostileInputs.From(MetricsSample, SampleFormat.JsonLines);
        var failures = Probe("reporting metrics.jsonl", cases, path, () => MetricsJournal.ReadAsync(path).GetAwaiter().GetResult());
        // The orchestrator tails the file while the trainer writes it: bad lines are counted, never thrown.
        failures.AddRange(Probe("orchestration metrics tail", cases, path, () => MetricsTail.ReadAsync(path, 0).GetAwaiter().GetResult()));
        AssertNone(failures);
    }

    [Fact]
    public void Allocations_and_pass_rates_journals()
    {
        var alloc = Path.Combine(_root, "allocations.jsonl");
        var pass = Path.Combine(_root, "pass_rates.jsonl");
        var failures = Probe("allocations.jsonl", HostileInputs.From("""
            {"iteration":0,"step":0,"prompt_id":"p0","level":1,"accept_rate":0.5,"grad_norm":1.5,"n":6}
            {"iteration":0,"step":0,"prompt_id":"p1","level":2,"accept_rate":0,"grad_norm":1,"n":0}

            """, SampleFormat.JsonLines), alloc, () => AllocationsJournal.ReadAsync(alloc).GetAwaiter().GetResult());
        failures.AddRange(Probe("pass_rates.jsonl", HostileInputs.From("""
            {"step":1,"prompt_id":"s1p0","level":1,"samples":8,"accepted":3}
            {"step":1,"prompt_id":"s1p1","level":3,"samples":8,"accepted":0}

            """, SampleFormat.JsonLines), pass, () => PassRatesJournal.ReadAsync(pass).GetAwaiter().GetResult()));
        AssertNone(failures);
    }

    private static readonly SyntheticRun[] Runs =
    [
        new("r1", Algorithm.RaftPlusPlus, 1, CurveShape.Baseline),
        new("g1", Algorithm.GvmRaftPlusPlus, 1, CurveShape.Compressed2x),
    ];

    [Fact]
    public void Sweep_plan_json_read_by_reporting()
    {
        var sweep = Path.Combine(_root, "sweep");
        SyntheticSweep.Write(sweep, Runs, [(0, 1)]);
        var path = Path.Combine(sweep, SweepLayout.PlanFile);
        var cases = HostileInputs.From(File.ReadAllBytes(path), SampleFormat.Json);
        AssertNone(Probe("plan.json", cases, path, () => SweepReader.ReadAsync(sweep).GetAwaiter().GetResult()));
    }

    [Fact]
    public void Run_files_read_by_reporting()
    {
        var sweep = Path.Combine(_root, "sweep");
        var plan = SyntheticSweep.Write(sweep, Runs, [(0, 1)]);
        var run = SweepLayout.RunDir(sweep, plan.Runs[1].RunId);
        var failures = new List<string>();
        foreach (var file in new[] { RunFiles.Spec, RunFiles.Status, RunFiles.Result })
        {
            var path = Path.Combine(run, file);
            var original = File.ReadAllBytes(path);
            failures.AddRange(Probe($"run {file}", HostileInputs.From(original, SampleFormat.Json), path,
                () => SweepReader.ReadAsync(sweep).GetAwaiter().GetResult()));
            File.WriteAllBytes(path, original);
        }
        AssertNone(failures);
    }

    [Fact]
    public void Ledger_read_by_reporting()
    {
        var sweep = Path.Combine(_root, "sweep");
        var plan = SyntheticSweep.Write(sweep, Runs, [(0, 1)]);
        using (var ledger = SweepLedger.Open(sweep)) ledger.SyncPlan(plan);
        var path = Path.Combine(sweep, SweepLayout.LedgerFile);
        var sample = File.ReadAllBytes(path);
        Assert.Equal("SQLite format 3\0", Encoding.ASCII.GetString(sample, 0, 16));
        AssertNone(Probe("ledger.db", HostileInputs.From(sample, SampleFormat.Binary), path, () => LedgerFile.Read(sweep)));
    }

    internal static string TokenizerDirectory => Gvm.Core.IO.RepoPaths.RequireShared("data/tokenizers/qwen2");

    private static readonly Lazy<Qwen2Tokenizer> SharedTokenizer = new(() => Qwen2Tokenizer.Load(TokenizerDirectory));

    internal const string TokenizeSample = """
        {"text":"What is 2+3? Answer in \\boxed{}."}
        {"text":"héllo 世界"}

        """;

    internal const string ChatSample = """
        {"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"What is 2+3?"}],"add_generation_prompt":true}
        {"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}],"add_generation_prompt":false}

        """;

    /// <summary>The JSON Lines readers of <c>gvm tokenize</c> and <c>gvm chat</c>, with the shared Qwen2 tokenizer loaded once.</summary>
    [Fact]
    public void Tokenize_and_chat_json_lines()
    {
        var tokenizer = SharedTokenizer.Value;
        var text = Path.Combine(_root, "text.jsonl");
        var failures = Probe("tokenize", HostileInputs.From(TokenizeSample, SampleFormat.JsonLines), text, () =>
        {
            using var input = InputFiles.OpenRead(text);
            TokenizerJsonLines.TokenizeAsync(input, text, Stream.Null, tokenizer).GetAwaiter().GetResult();
        });
        var chat = Path.Combine(_root, "chat.jsonl");
        var template = new ChatMlTemplate(new ChatTemplateOptions());
        failures.AddRange(Probe("chat", HostileInputs.From(ChatSample, SampleFormat.JsonLines), chat, () =>
        {
            using var input = InputFiles.OpenRead(chat);
            TokenizerJsonLines.ChatAsync(input, chat, Stream.Null, template, tokenizer).GetAwaiter().GetResult();
        }));
        AssertNone(failures);
    }
}
