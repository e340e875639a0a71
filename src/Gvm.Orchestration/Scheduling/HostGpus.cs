using System.Diagnostics;
using System.Globalization;

namespace Gvm.Orchestration.Scheduling;

/// <summary>GPU ids of this host: <c>--gpus 0,1,...</c>, else nvidia-smi, else none.</summary>
public static class HostGpus
{
    public static IReadOnlyList<int> Parse(string list)
    {
        var ids = new List<int>();
        foreach (var part in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) || id < 0)
                throw new FormatException($"--gpus: '{part}' is not a GPU id (expected e.g. 0,1,2,3)");
            ids.Add(id);
        }
        return ids;
    }

    public static IReadOnlyList<int> Detect()
    {
        try
        {
            var psi = new ProcessStartInfo("nvidia-smi", "--query-gpu=index --format=csv,noheader")
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            using var p = Process.Start(psi);
            if (p is null) return [];
            var text = p.StandardOutput.ReadToEnd();
            p.WaitForExit(10_000);
            return p.ExitCode == 0 ? Parse(text.Replace('\n', ',')) : [];
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return []; // no nvidia-smi: a CPU host
        }
    }
}
