using System.CommandLine;
using System.Globalization;
using Gvm.Tracking.Benchmarks;

namespace Gvm.Cli.Commands.Bench;

internal static class BenchTrackingCommand
{
    public static Command Create()
    {
        var points = new Option<long>("--points") { Description = "Metric points to forward", DefaultValueFactory = _ => 1_000_000 };
        var runs = new Option<int>("--runs") { Description = "Run journals to spread them over", DefaultValueFactory = _ => 8 };
        var command = new Command("tracking", "Forwarding metric journals to a local MLflow test server");
        command.Options.Add(points);
        command.Options.Add(runs);
        command.SetAction(async (parse, ct) =>
        {
            var r = await TrackingBenchmark.RunAsync(parse.GetValue(points), parse.GetValue(runs), ct);
            var c = CultureInfo.InvariantCulture;
            Console.WriteLine("| points | runs | batches | requests | seconds | points/s | peak managed MB | server points |");
            Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            Console.WriteLine(string.Create(c, $"| {r.Points} | {r.Runs} | {r.Batches} | {r.Requests} | {r.Seconds:0.00} | {r.PointsPerSecond:0} | {r.PeakManagedBytes / 1048576.0:0.0} | {r.ServerPoints} |"));
            return r.ServerPoints == r.Points ? 0 : 1;
        });
        return command;
    }
}
