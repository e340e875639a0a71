using Gvm.Core.Metrics;
using Gvm.Tracking.Export;
using Gvm.Tracking.Journal;
using Gvm.Tracking.Sweeps;
using Gvm.Tracking.Tests.Journal;

namespace Gvm.Tracking.Tests.Export;

public sealed class MlrunsExporterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gvm-export-").FullName;
    private static readonly string Expected = Path.Combine(AppContext.BaseDirectory, "TestData", "mlruns-worked-example");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The journal of the spec's §5.11 sequence: experiment sweep-demo, run trial-0 without a parent.</summary>
    private string WorkedExampleJournal()
    {
        var sweep = Path.Combine(_dir, "sweep");
        using var w = new JournalWriter(sweep);
        w.AppendSweep(new JournalRecord { Type = JournalRecordTypes.Sweep, Time = 1767225601000, Experiment = "sweep-demo" });
        w.AppendRun("trial-0", new JournalRecord
        {
            Type = JournalRecordTypes.RunStart, Time = 1767225602000, Key = "trial-0", Name = "trial-0",
            Params = [new("lr", "0.01"), new("batch_size", "32")], Tags = [new("optimizer", "adam")],
        });
        w.AppendRun("trial-0", new JournalRecord
        {
            Type = JournalRecordTypes.Metrics,
            Points = [new MetricPoint("loss", 0.9, 1767225610000, 0), new MetricPoint("loss", 0.6, 1767225620000, 1), new MetricPoint("loss", 0.45, 1767225630000, 2)],
        });
        w.AppendRun("trial-0", new JournalRecord { Type = JournalRecordTypes.RunEnd, Time = 1767225640000, Status = "FINISHED" });
        return sweep;
    }

    private MlrunsExportOptions WorkedExampleOptions(bool runUuid) => new()
    {
        RootUri = "file:///home/alice/proj/mlruns",
        DefaultExperimentTime = 1767225600000,
        ExperimentIdFor = _ => "347926104857362819",
        RunIdFor = _ => "5f0c2a9e7b3d4e61a8c9d0e1f2a3b4c5",
        IncludeRunUuid = runUuid,
    };

    private static Dictionary<string, byte[]> Tree(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllBytes);

    [Fact]
    public void Export_matches_the_spec_worked_example_byte_for_byte()
    {
        var mlruns = Path.Combine(_dir, "mlruns");
        MlrunsExporter.Export(WorkedExampleJournal(), mlruns, WorkedExampleOptions(runUuid: false));
        var expected = Tree(Expected);
        var actual = Tree(mlruns);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (path, bytes) in expected) Assert.True(bytes.AsSpan().SequenceEqual(actual[path]), $"{path} differs");
        foreach (var dir in File.ReadAllLines(Expected + ".empty-dirs.txt").Skip(1))
            Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(mlruns, dir)));
    }

    [Fact]
    public void Run_uuid_for_mlflow_2_goes_between_run_name_and_source_name()
    {
        var mlruns = Path.Combine(_dir, "mlruns");
        MlrunsExporter.Export(WorkedExampleJournal(), mlruns, WorkedExampleOptions(runUuid: true));
        const string run = "347926104857362819/5f0c2a9e7b3d4e61a8c9d0e1f2a3b4c5/meta.yaml";
        var expected = File.ReadAllText(Path.Combine(Expected, run))
            .Replace("run_name: trial-0\n", "run_name: trial-0\nrun_uuid: 5f0c2a9e7b3d4e61a8c9d0e1f2a3b4c5\n", StringComparison.Ordinal);
        Assert.Equal(expected, File.ReadAllText(Path.Combine(mlruns, run)));
    }

    [Fact]
    public async Task Sweep_export_nests_children_under_the_parent_and_copies_artifacts()
    {
        var sweep = Path.Combine(_dir, "s");
        var report = Directory.CreateDirectory(Path.Combine(_dir, "report")).FullName;
        File.WriteAllText(Path.Combine(report, "table.md"), "| a |\n");
        var plan = JournalTests.Plan(2);
        await using (var t = new JournalSweepTracker(sweep))
        {
            await t.StartSweepAsync(plan);
            await t.StartRunAsync(plan.Runs[0]);
            await t.LogMetricsAsync("run0", [new MetricPoint("train/loss", double.NaN, 5, 1), new MetricPoint("train/loss", 1e-05, 6, 2)]);
            await t.EndRunAsync("run0", "succeeded");
            await t.LogSweepArtifactsAsync(report);
        }
        var mlruns = Path.Combine(_dir, "mlruns");
        var result = MlrunsExporter.Export(sweep, mlruns);
        Assert.Equal(2, result.Runs);
        var exp = Path.Combine(mlruns, result.ExperimentId);
        var parent = MlrunsExporter.DefaultRunId("grid-a", "sweep:sw1");
        var child = MlrunsExporter.DefaultRunId("grid-a", "run0");
        Assert.Equal(parent, File.ReadAllText(Path.Combine(exp, child, "tags", "mlflow.parentRunId")));
        Assert.Equal("5 nan 1\n6 1e-05 2\n", File.ReadAllText(Path.Combine(exp, child, "metrics", "train", "loss")));
        Assert.Equal("0", File.ReadAllText(Path.Combine(exp, child, "params", "seed")));
        Assert.Contains("status: 3\n", File.ReadAllText(Path.Combine(exp, child, "meta.yaml")));
        Assert.Contains("status: 3\n", File.ReadAllText(Path.Combine(exp, parent, "meta.yaml")));
        Assert.True(File.Exists(Path.Combine(exp, parent, "artifacts", "table.md")));
        Assert.Equal(18, result.ExperimentId.Length);
    }

    [Theory]
    [InlineData(0.9, "0.9")]
    [InlineData(100.0, "100.0")]
    [InlineData(1e-05, "1e-05")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(0.1 + 0.2, "0.30000000000000004")]
    public void Float_repr_matches_python(double value, string expected) => Assert.Equal(expected, PythonFloat.Repr(value));

    [Theory]
    [InlineData("0", "'0'")]
    [InlineData("true", "'true'")]
    [InlineData("null", "'null'")]
    [InlineData("1e5", "1e5")]
    [InlineData("1.5", "'1.5'")]
    [InlineData("a: b", "'a: b'")]
    [InlineData("#x", "'#x'")]
    [InlineData("", "''")]
    [InlineData("it's", "it's")]
    [InlineData("rl/gvm_grpo/seed=1", "rl/gvm_grpo/seed=1")]
    public void Yaml_scalars_quote_like_pyyaml(string value, string expected) => Assert.Equal(expected, YamlScalar.Format(value));
}
