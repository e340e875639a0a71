using Gvm.Orchestration.Grids;
using Gvm.Orchestration.Launchers;
using Gvm.Orchestration.Ledger;
using Gvm.Orchestration.Scheduling;

namespace Gvm.Cli.Commands;

/// <summary>Maps the orchestration's typed errors to exit codes: 2 for bad input, 1 for a failed sweep machinery.</summary>
internal static class OrchestrationErrors
{
    public static async Task<int> GuardAsync(Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (Exception e) when (e is GridException or FileNotFoundException or FormatException or ArgumentException
                                      or SchedulerException or NotSupportedException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return 2;
        }
        catch (Exception e) when (e is LedgerException or LaunchException or Orchestration.Launchers.Slurm.SlurmException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
