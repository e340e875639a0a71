namespace Gvm.Orchestration.Scheduling;

/// <summary>
/// Concurrency slots of this host: at most <see cref="Capacity"/> runs at once, and GPU ids handed out first-fit
/// (lowest free ids), so a 2-GPU run and two 1-GPU runs pack onto 4 GPUs.
/// </summary>
public sealed class SlotPool
{
    private readonly SortedSet<int> _freeGpus;

    public SlotPool(IReadOnlyList<int> gpus, int parallel)
    {
        ArgumentNullException.ThrowIfNull(gpus);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallel, 1);
        if (gpus.Distinct().Count() != gpus.Count) throw new ArgumentException("GPU ids must be distinct", nameof(gpus));
        Gpus = gpus;
        _freeGpus = new SortedSet<int>(gpus);
        Capacity = parallel;
    }

    public IReadOnlyList<int> Gpus { get; }
    public int Capacity { get; }
    public int Active { get; private set; }
    public int FreeGpus => _freeGpus.Count;

    /// <summary>Takes a slot with <paramref name="gpus"/> GPUs; null when none is free now.</summary>
    public int[]? TryAcquire(int gpus)
    {
        if (Active >= Capacity || gpus > _freeGpus.Count) return null;
        var ids = _freeGpus.Take(gpus).ToArray();
        foreach (var id in ids) _freeGpus.Remove(id);
        Active++;
        return ids;
    }

    /// <summary>Takes the exact GPUs a re-attached attempt already uses; false if any is taken or unknown.</summary>
    public bool TryAcquireExact(IReadOnlyList<int> ids)
    {
        if (Active >= Capacity || !ids.All(_freeGpus.Contains)) return false;
        foreach (var id in ids) _freeGpus.Remove(id);
        Active++;
        return true;
    }

    public void Release(IReadOnlyList<int> ids)
    {
        if (Active == 0) throw new InvalidOperationException("release without acquire");
        foreach (var id in ids) _freeGpus.Add(id);
        Active--;
    }
}
