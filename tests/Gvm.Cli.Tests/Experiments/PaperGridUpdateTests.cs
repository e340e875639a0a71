using Gvm.Core.Runs;
using Gvm.Orchestration.Grids;
using Gvm.Orchestration.Planning;
using Gvm.Training.Rl;

namespace Gvm.Cli.Tests.Experiments;

/// <summary>
/// The paper grids make the authors' update counts when <c>optim.authors_update_ratio</c> is on (baselines 4, GVM 32
/// optimizer updates per step: 1024 prompts × 8 samples on mini-batches of 2048 and 256 samples) and equal counts when
/// it is off (the default).
/// </summary>
public class PaperGridUpdateTests
{
    [Theory]
    [InlineData("qwen2.5-math-1.5b.yaml")]
    [InlineData("qwen2.5-math-7b.yaml")]
    public void Paper_grids_are_update_matched_and_reproduce_the_authors_ratio_when_asked(string file)
    {
        var root = Gvm.Core.IO.RepoPaths.FindRepoRoot() ?? throw new DirectoryNotFoundException("repository root");
        var plan = Planner.Plan(GridParser.Load(Path.Combine(root, "experiments", file)), "/tmp/paper-grid").Plan;
        var rl = plan.Runs.Select(r => r.Spec).Where(s => s.Algorithm.IsRl()).ToList();
        Assert.Equal(4, rl.Count);
        foreach (var spec in rl)
        {
            Assert.Equal(1, spec.Optim.PpoEpochs);
            Assert.False(spec.Optim.AuthorsUpdateRatio);
            Assert.Equal(4, RlStepRunner.MiniBatchesPerEpoch(spec));
            var authors = spec with { Optim = spec.Optim with { AuthorsUpdateRatio = true } };
            Assert.Equal(spec.Algorithm.UsesGvm() ? 32 : 4, RlStepRunner.MiniBatchesPerEpoch(authors));
        }
    }
}
