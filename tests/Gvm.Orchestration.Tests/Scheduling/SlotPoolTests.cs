using Gvm.Orchestration.Scheduling;

namespace Gvm.Orchestration.Tests.Scheduling;

public class SlotPoolTests
{
    [Fact]
    public void Packs_gpus_first_fit_and_bounds_concurrency()
    {
        var pool = new SlotPool([0, 1, 2, 3], parallel: 4);
        Assert.Equal([0, 1], pool.TryAcquire(2)!);
        Assert.Equal([2], pool.TryAcquire(1)!);
        Assert.Null(pool.TryAcquire(2)); // only GPU 3 left
        Assert.Equal([3], pool.TryAcquire(1)!);
        pool.Release([0, 1]);
        Assert.Equal([0, 1], pool.TryAcquire(2)!);
        Assert.Equal(3, pool.Active);
    }

    [Fact]
    public void Cpu_slots_limit_runs_without_gpus()
    {
        var pool = new SlotPool([], parallel: 2);
        Assert.NotNull(pool.TryAcquire(0));
        Assert.NotNull(pool.TryAcquire(0));
        Assert.Null(pool.TryAcquire(0));
        Assert.Null(new SlotPool([], 4).TryAcquire(1));
    }

    [Fact]
    public void Reattach_takes_the_exact_gpus_or_nothing()
    {
        var pool = new SlotPool([0, 1], parallel: 2);
        Assert.True(pool.TryAcquireExact([1]));
        Assert.False(pool.TryAcquireExact([1]));
        Assert.False(pool.TryAcquireExact([7]));
        Assert.Equal([0], pool.TryAcquire(1)!);
    }

    [Fact]
    public void Backoff_doubles_and_is_capped()
    {
        var o = new SchedulerOptions { RetryBackoff = TimeSpan.FromSeconds(2), MaxRetryBackoff = TimeSpan.FromSeconds(5) };
        Assert.Equal([2.0, 4.0, 5.0], new[] { 1, 2, 3 }.Select(f => o.BackoffFor(f).TotalSeconds));
    }
}
