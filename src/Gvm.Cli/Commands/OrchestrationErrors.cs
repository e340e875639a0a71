using Gvm.Core.Inputs;
using Gvm.Orchestration.Launchers;
using Gvm.Orchestration.Ledger;

namespace Gvm.Cli.Commands;

/// <summary>
/// The orchestration's boundary: option checks that throw the runtime's argument exceptions become
/// <see cref="InputException"/> (exit 2, mapped in GvmApp with every other input error); a failed sweep machinery
/// (ledger, launcher, a launcher's backend such as Slurm) exits 1 with its message.
/// </summary>
internal static class OrchestrationErrors
{
    public static async Task<int> GuardAsync(Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or FormatException or ArgumentException or NotSupportedException)
        {
            throw new InputException(null, 0, null, e.Message, e);
        }
        catch (Exception e) when (e is LedgerException or LaunchException or LauncherBackendException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
