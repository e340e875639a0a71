using Gvm.Core.Inputs;
using Gvm.Core.Runs;
using Gvm.Core.Runs.Files;
using Gvm.Training.Benchmarks;

namespace Gvm.Training.Tests.Benchmarks;

/// <summary><see cref="StepProfile.Read"/> reads a run's metrics.jsonl through the run-file codec.</summary>
public sealed class StepProfileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gvm-stepprofile-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Dictionary<string, double> Step(double secondsCum, double presample, double generate, double update, double tokensCum) => new()
    {
        [MetricNames.SecondsCum] = secondsCum,
        [MetricNames.PresampleSeconds] = presample,
        [MetricNames.GradNormSeconds] = 0.1,
        [MetricNames.GenerateSeconds] = generate,
        [MetricNames.UpdateSeconds] = update,
        [MetricNames.TokensGeneratedCum] = tokensCum,
        [MetricNames.ResponseLengthMean] = 10,
        [MetricNames.SamplesStage2] = 4,
        [MetricNames.Updates] = 2,
    };

    [Fact]
    public void Step_lines_are_averaged_and_evaluation_lines_ignored()
    {
        var path = Path.Combine(_dir, RunFiles.Metrics);
        File.WriteAllText(path, string.Concat( // Encode writes a whole line, newline included
            MetricsFile.Encode(0, 1, new Dictionary<string, double> { [MetricNames.EvalAccuracy] = 0.4 }),
            MetricsFile.Encode(2, 3, Step(secondsCum: 4, presample: 0, generate: 1, update: 2, tokensCum: 300)),
            MetricsFile.Encode(1, 2, Step(secondsCum: 2, presample: 0.4, generate: 1, update: 0.5, tokensCum: 100))));
        var p = StepProfile.Read(path, ppoEpochs: 1, peakRssBytes: 7);
        Assert.Equal(2, p.Steps);
        Assert.Equal(2.0, p.Step, 12);                                 // cost/seconds_cum of the last step / steps
        Assert.Equal(0.2, p.Presample, 12);
        Assert.Equal(300 / 2.4, p.GenerationTokensPerSecond, 12);      // all tokens / (presample + generate)
        Assert.Equal(80 / 2.5, p.UpdateTokensPerSecond, 12);           // Σ length × stage-2 samples / update seconds
        Assert.Equal((0.4 + 0.2) / 4, p.GvmExtraFraction, 12);         // allocate absent: an older build
        Assert.Null(p.Allocate);
        Assert.Equal(7, p.PeakRssBytes);
    }

    [Fact]
    public void A_malformed_line_is_an_input_error_naming_file_and_line()
    {
        var path = Path.Combine(_dir, RunFiles.Metrics);
        File.WriteAllText(path, MetricsFile.Encode(1, 2, Step(2, 0, 1, 1, 10)) + "{\"step\":\"two\"}\n{}\n");
        var e = Assert.Throws<InputException>(() => StepProfile.Read(path, 1, 0));
        Assert.Equal((2L, MetricNames.Step), (e.Line, e.Field));
    }
}
