using System.Text.Json;
using Gvm.Core.Inputs;
using Gvm.Core.Runs;
using Gvm.Core.Runs.Files;

namespace Gvm.Core.Tests.Runs.Files;

/// <summary>Each run file's codec: the bytes the trainer writes, and what its readers make of them.</summary>
public sealed class RunFileCodecTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gvm-run-files-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // The trainer's records before the codecs: serialized with GvmJson.Line, which the codecs must reproduce byte for byte.
    private sealed record WrittenAllocation(int Iteration, int Step, int PromptId, int Level, double AcceptRate, double GradNorm, int N, bool UniformFallback);

    private sealed record WrittenPassRate(int Step, int PromptId, int Level, int Samples, int Accepted);

    [Fact]
    public void A_metrics_line_has_round_trip_numbers_and_named_non_finite_values()
    {
        var values = new Dictionary<string, double>
        {
            ["train/loss"] = 0.1, ["train/kl"] = 1e-5, ["eval/accuracy"] = double.NaN, ["x"] = double.NegativeInfinity, ["größe"] = 2,
        };
        Assert.Equal("{\"step\":3,\"time\":1700000000.125,\"train/loss\":0.1,\"train/kl\":1E-05,\"eval/accuracy\":\"NaN\"," +
                     "\"x\":\"-Infinity\",\"gr\\u00F6\\u00DFe\":2}\n", MetricsFile.Encode(3, 1700000000.125, values));
    }

    [Fact]
    public void A_metrics_line_decodes_to_what_was_encoded()
    {
        var values = new Dictionary<string, double> { ["train/loss"] = 1.0 / 3, ["eval/accuracy"] = double.NaN, ["cost/rollouts_cum"] = 1e15 };
        var text = MetricsFile.Encode(7, 1700000001.5, values) + MetricsFile.Encode(8, 1700000002.25, new Dictionary<string, double>());
        var rows = MetricsFile.Parse(text, "m.jsonl");
        Assert.Equal([7L, 8L], rows.Select(r => r.Step));
        Assert.Equal([1700000001.5, 1700000002.25], rows.Select(r => r.Time));
        Assert.Equal(values.Keys, rows[0].Values.Keys);
        Assert.Equal(1.0 / 3, rows[0].Values["train/loss"]);
        Assert.True(double.IsNaN(rows[0].Values["eval/accuracy"]));
        Assert.Equal(1e15, rows[0].Values["cost/rollouts_cum"]);
        Assert.Empty(rows[1].Values);
    }

    [Theory]
    [InlineData("{\"step\":1}\n{\"step\":-1}\n", 2, "step", "must be a non-negative integer")]
    [InlineData("{\"time\":1}\n", 1, "step", "is missing")]
    [InlineData("{\"step\":1,\"note\":\"x\"}\n", 1, "note", "must be a number, got string")]
    [InlineData("{\"step\":1,\"a\":1,\"a\":2}\n", 1, "", "")]
    [InlineData("[1]\n", 1, "", "not a JSON object")]
    public void A_bad_metrics_line_is_an_input_error_naming_file_line_and_field(string text, int line, string field, string reason)
    {
        var e = Assert.Throws<InputException>(() => MetricsFile.Parse(text, "runs/a/metrics.jsonl"));
        Assert.Equal(("runs/a/metrics.jsonl", (long)line), (e.File, e.Line));
        if (field.Length > 0) Assert.Equal(field, e.Field);
        if (reason.Length > 0) Assert.Equal(reason, e.Reason);
        Assert.False(MetricsFile.TryDecode(text.Split('\n')[line - 1], out _));
    }

    [Fact]
    public void Only_a_torn_last_metrics_line_is_ignored()
    {
        Assert.Single(MetricsFile.Parse("{\"step\":1}\n{\"step\":2,\"tra", "m.jsonl"));
        Assert.Throws<InputException>(() => MetricsFile.Parse("{\"step\":2,\"tra\n{\"step\":1}\n", "m.jsonl"));
        Assert.True(MetricsFile.TryDecode("{\"step\":4,\"train/kl\":\"Infinity\"}", out var r));
        Assert.Equal(4, r.Step);
        Assert.True(double.IsNaN(r.Time));
    }

    public static TheoryData<int, int, int, int, double, double, int, bool> Allocations => new()
    {
        { 0, 0, 17, 2, 0.5, 1.25, 6, false },
        { 3, 12, 0, 0, 0.1, double.NaN, 0, true },
        { 1, 1, 5, 1, 1e-7, double.PositiveInfinity, 3, false },
        { 2, 4, 9, 3, 1.0 / 3, 12345.678, 1, false },
        { 4, 5, 123456, 5, 0, double.NegativeInfinity, 64, true },
    };

    [Theory]
    [MemberData(nameof(Allocations))]
    public void An_allocation_line_has_the_bytes_of_the_trainer_record_and_reads_back(
        int iteration, int step, int promptId, int level, double acceptRate, double gradNorm, int n, bool fallback)
    {
        var line = AllocationsFile.Encode(iteration, step, promptId, level, acceptRate, gradNorm, n, fallback);
        var written = new WrittenAllocation(iteration, step, promptId, level, acceptRate, gradNorm, n, fallback);
        Assert.Equal(JsonSerializer.Serialize(written, GvmJson.Line) + "\n", line);
        var read = Assert.Single(AllocationsFile.Parse(line, "a.jsonl"));
        Assert.Equal(new AllocationRecord
        {
            Iteration = iteration, Step = step, PromptId = promptId.ToString(System.Globalization.CultureInfo.InvariantCulture), Level = level,
            AcceptRate = acceptRate, GradNorm = gradNorm, N = n,
        }, read);
    }

    [Theory]
    [InlineData(0, 3, 1, 8, 3)]
    [InlineData(41, 0, 0, 0, 0)]
    [InlineData(7, 99999, 5, 16, 16)]
    public void A_pass_rate_line_has_the_bytes_of_the_trainer_record_and_reads_back(int step, int promptId, int level, int samples, int accepted)
    {
        var line = PassRatesFile.Encode(step, promptId, level, samples, accepted);
        Assert.Equal(JsonSerializer.Serialize(new WrittenPassRate(step, promptId, level, samples, accepted), GvmJson.Line) + "\n", line);
        var read = Assert.Single(PassRatesFile.Parse(line, "p.jsonl"));
        Assert.Equal((step, promptId.ToString(System.Globalization.CultureInfo.InvariantCulture), level, samples, accepted),
            ((int)read.Step, read.PromptId, read.Level, read.Samples, read.Accepted));
    }

    [Fact]
    public void A_pass_rate_line_with_more_accepted_than_samples_is_refused()
    {
        var e = Assert.Throws<InputException>(() => PassRatesFile.Parse(PassRatesFile.Encode(1, 2, 1, 4, 5), "p.jsonl"));
        Assert.Equal(("accepted", 1L, "must be <= samples (4), got 5"), (e.Field, e.Line, e.Reason));
    }

    [Fact]
    public void Status_and_result_read_back_through_the_tolerant_reads()
    {
        var path = Path.Combine(_dir, RunFiles.Status);
        var beat = new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);
        var status = new RunStatus { State = "running", Step = 3, TotalSteps = 10, Heartbeat = beat, Pid = 42, Message = "m", Recovery = "r" };
        StatusFile.Write(path, status);
        Assert.Equal(StatusFile.Encode(status), File.ReadAllText(path));
        Assert.Equal(status, JsonSerializer.Deserialize<RunStatus>(File.ReadAllText(path), GvmJson.Options));
        Assert.Equal(new StatusSnapshot("running", 3, 10, beat, 42) { Message = "m" }, StatusFile.TryRead(path));

        var result = Path.Combine(_dir, RunFiles.Result);
        StatusFile.Write(result, new RunResult { State = "diverged", Steps = 4, Seconds = 1.5 });
        Assert.Equal("diverged", StatusFile.TryReadResultState(result));
    }

    [Theory]
    [InlineData("{\"state\":7,\"step\":\"x\",\"total_steps\":2.5,\"heartbeat\":\"not a time\",\"pid\":[1]}")]
    [InlineData("[1,2]")]
    [InlineData("\"running\"")]
    public void A_status_with_mistyped_fields_reads_as_defaults(string json)
    {
        var path = Path.Combine(_dir, RunFiles.Status);
        File.WriteAllText(path, json);
        Assert.Equal(new StatusSnapshot("starting", 0, 0, null, 0), StatusFile.TryRead(path));
        Assert.Null(StatusFile.TryReadResultState(path));
    }

    [Fact]
    public void A_missing_or_torn_status_is_no_news()
    {
        var path = Path.Combine(_dir, RunFiles.Status);
        Assert.Null(StatusFile.TryRead(path));
        File.WriteAllText(path, "{\"state\":\"runn");
        Assert.Null(StatusFile.TryRead(path));
        Assert.Null(StatusFile.TryReadResultState(path));
    }
}
