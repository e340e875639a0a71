namespace Gvm.Orchestration.Launchers.Slurm;

/// <summary>
/// On Slurm the cluster assigns GPUs; the scheduler's slot pool only bounds how many jobs are in flight. Its GPU ids
/// are therefore virtual: enough for <c>parallel</c> jobs of the largest GPU request, and only the count reaches
/// sbatch (<c>--gres=gpu:K</c>).
/// </summary>
public static class SlurmSlots
{
    public static IReadOnlyList<int> VirtualGpus(int parallel, IEnumerable<int> gpusPerRun)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallel, 1);
        var largest = gpusPerRun.DefaultIfEmpty(0).Max();
        return largest == 0 ? [] : Enumerable.Range(0, checked(parallel * largest)).ToArray();
    }
}
