using Gvm.Core.Sweeps;
using Gvm.Orchestration.Grids;
using Gvm.Orchestration.Launchers.Local;
using Gvm.Orchestration.Planning;

namespace Gvm.Orchestration.Tests.Fakes;

/// <summary>A temporary sweep directory with a grid file and the fake trainer.</summary>
public sealed class TestSweep : IDisposable
{
    public TestSweep(string gridYaml)
    {
        Dir = Path.Combine(Path.GetTempPath(), $"gvm-orch-test-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Dir);
        GridPath = Path.Combine(Dir, "grid.yaml");
        File.WriteAllText(GridPath, gridYaml);
        SweepDir = Path.Combine(Dir, "sweep");
    }

    public string Dir { get; }
    public string GridPath { get; }
    public string SweepDir { get; }

    public static string FakeTrainerPath => Path.Combine(AppContext.BaseDirectory, "Fakes", "fake-trainer.sh");

    public static TrainerCommand Trainer(params string[] options) => new("/bin/bash", [FakeTrainerPath, .. options]);

    public SweepPlan Plan() => Planner.Plan(GridParser.Load(GridPath), SweepDir).Plan;

    public string RunDir(string runId) => SweepLayout.RunDir(SweepDir, runId);

    public int Lines(string runId, string file)
    {
        var path = Path.Combine(RunDir(runId), file);
        return File.Exists(path) ? File.ReadAllLines(path).Length : 0;
    }

    /// <summary>Steps recorded in metrics.jsonl, in file order.</summary>
    public IReadOnlyList<long> MetricSteps(string runId)
    {
        var path = Path.Combine(RunDir(runId), "metrics.jsonl");
        if (!File.Exists(path)) return [];
        return File.ReadAllLines(path).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("step").GetInt64()).ToList();
    }

    public void Dispose()
    {
        try { Directory.Delete(Dir, recursive: true); }
        catch (IOException) { } // a straggling fake trainer may still write; the OS cleans temp
    }

    /// <summary>sft (steps 3) then rl over two algorithms and the given seeds (steps 4).</summary>
    public static string Grid(string seeds = "[1]", string extraRl = "") => $$"""
        name: t
        stages:
          sft:
            spec: { algorithm: sft, schedule: { steps: 3 } }
          rl:
            needs: [sft]
            spec: { schedule: { steps: 4 } }
            axes: { algorithm: [grpo, gvm_grpo], seed: {{seeds}} }
        {{extraRl}}
        pairs:
          - { baseline: grpo, candidate: gvm_grpo }
        """;
}
