using Gvm.Orchestration.Launchers;
using Gvm.Orchestration.Launchers.Slurm;

namespace Gvm.Orchestration.Tests.Launchers.Slurm;

/// <summary>Parsing squeue/sacct rows (formats as printed by Slurm 22.05) and mapping job states to launch outcomes.</summary>
public class SlurmJobTests
{
    [Fact]
    public void Squeue_rows_decode_the_wait_status_and_the_null_comment()
    {
        var failed = SlurmJob.ParseSqueue("1|gvm-a|FAILED|NonZeroExitCode|768|gvm:s:a:1");
        Assert.Equal(new SlurmJob("1", "gvm-a", "FAILED", "NonZeroExitCode", 3, 0, "gvm:s:a:1"), failed);
        var pending = SlurmJob.ParseSqueue("2|gvm-b|PENDING|Priority||(null)");
        Assert.Equal(new SlurmJob("2", "gvm-b", "PENDING", "Priority", null, null, ""), pending);
        Assert.Equal(9, SlurmJob.ParseSqueue("3|n|CANCELLED|None|9|c")!.Signal);
        Assert.Null(SlurmJob.ParseSqueue(""));
    }

    [Fact]
    public void Sacct_rows_split_code_and_signal_and_skip_job_steps()
    {
        Assert.Equal(new SlurmJob("7", "gvm-x", "CANCELLED by 0", "", 0, 15, ""), SlurmJob.ParseSacct("7|gvm-x|CANCELLED by 0|0:15"));
        Assert.Null(SlurmJob.ParseSacct("7.batch|batch|COMPLETED|0:0"));
        Assert.Equal("CANCELLED", SlurmJob.ParseSacct("7|gvm-x|CANCELLED by 0|0:15")!.BaseState);
    }

    [Theory]
    [InlineData("PENDING", "Priority", true)]
    [InlineData("RUNNING", "None", true)]
    [InlineData("COMPLETING", "None", true)]
    [InlineData("REQUEUED", "None", true)]
    [InlineData("PENDING", "DependencyNeverSatisfied", false)]
    [InlineData("COMPLETED", "None", false)]
    [InlineData("TIMEOUT", "None", false)]
    public void Active_states_are_the_ones_that_have_not_ended(string state, string reason, bool active) =>
        Assert.Equal(active, new SlurmJob("1", "n", state, reason, null, null, "").IsActive);

    [Theory]
    [InlineData("COMPLETED", 0, false, LaunchEnd.Succeeded)]
    [InlineData("FAILED", 1, false, LaunchEnd.Failed)]
    [InlineData("FAILED", 130, false, LaunchEnd.Cancelled)]
    [InlineData("FAILED", 1, true, LaunchEnd.Cancelled)]
    [InlineData("CANCELLED", 0, false, LaunchEnd.Cancelled)]
    [InlineData("TIMEOUT", 0, false, LaunchEnd.TimedOut)]
    [InlineData("OUT_OF_MEMORY", 0, false, LaunchEnd.OutOfMemory)]
    [InlineData("NODE_FAIL", 0, false, LaunchEnd.Lost)]
    [InlineData("PREEMPTED", 0, false, LaunchEnd.Lost)]
    public void Ended_states_map_to_launch_outcomes(string state, int exit, bool stopRequested, LaunchEnd end) =>
        Assert.Equal(end, new SlurmJob("1", "n", state, "None", exit, 0, "").ToOutcome(stopRequested).End);

    [Fact]
    public void Messages_say_who_cancelled_and_why_a_job_never_started()
    {
        Assert.Contains("scancel", new SlurmJob("4", "n", "CANCELLED", "None", 0, 15, "").ToOutcome(false).Message);
        Assert.Equal("stopped on request", new SlurmJob("4", "n", "CANCELLED", "None", 0, 15, "").ToOutcome(true).Message);
        var blocked = new SlurmJob("5", "n", "PENDING", "DependencyNeverSatisfied", null, null, "").ToOutcome(false);
        Assert.Equal(LaunchEnd.DependencyFailed, blocked.End);
        var unshared = new SlurmJob("6", "n", "FAILED", "NonZeroExitCode", SlurmJob.NotSharedExitCode, 0, "").ToOutcome(false);
        Assert.Contains("shared filesystem", unshared.Message);
    }
}
