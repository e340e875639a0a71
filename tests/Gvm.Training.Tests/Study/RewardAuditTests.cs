using Gvm.Core.Runs;
using Gvm.Training.Checkpoints;
using Gvm.Training.Study;

namespace Gvm.Training.Tests.Study;

public class RewardAuditTests
{
    [Fact]
    public void Counts_are_consistent_per_level_and_in_total()
    {
        var spec = new RunSpec { Task = new TaskOptions { Levels = 3, TrainSize = 60 }, Model = new ModelOptions { Preset = "micro" } };
        using var model = ModelFiles.Create(spec.Model, new Gvm.Reasoning.Tasks.CharTokenizer().VocabSize, 1);
        var rows = RewardAudit.Run(model, spec, prompts: 12, samples: 3, seed: 5);
        var all = rows[^1];
        Assert.Equal(0, all.Level);
        Assert.Equal(36, all.Samples);
        Assert.Equal(all.Samples, rows.Where(r => r.Level > 0).Sum(r => r.Samples));
        foreach (var r in rows)
        {
            Assert.InRange(r.AnswerAccepted, 0, r.Samples);
            Assert.InRange(r.AnswerAcceptedWithWrongStep, 0, r.AnswerAccepted);
            // A correct derivation ends in the right boxed answer, so the answer reward accepts it too.
            Assert.InRange(r.DerivationAccepted, 0, r.AnswerAccepted);
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => RewardAudit.Run(model, spec, prompts: 61, samples: 1, seed: 5));
    }
}
