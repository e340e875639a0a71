using Gvm.Core.Runs;

namespace Gvm.Core.Tests.Runs;

/// <summary>The algorithm registry is consistent: every fact a consumer reads agrees with the others.</summary>
public class AlgorithmRegistryTests
{
    public static TheoryData<Algorithm> Every => new(Enum.GetValues<Algorithm>());

    [Theory]
    [MemberData(nameof(Every))]
    public void Every_algorithm_has_its_own_entry_and_round_trips_its_names(Algorithm a)
    {
        var info = a.Info();
        Assert.Equal(a, info.Value);
        Assert.Matches("^[a-z][a-z0-9_]*$", info.Name); // snake_case JSON/YAML spelling
        Assert.True(AlgorithmNames.TryParse(info.Name, out var byName) && byName == a);
        Assert.True(AlgorithmNames.TryParse(info.Display, out var byDisplay) && byDisplay == a);
        Assert.Equal(a, RunSpec.Parse($"{{\"algorithm\": \"{info.Name}\"}}").Algorithm);
    }

    [Theory]
    [MemberData(nameof(Every))]
    public void Rl_facts_agree(Algorithm a)
    {
        var info = a.Info();
        // RL ⇔ an allocation, an advantage estimator and a policy-loss aggregation; only RL algorithms have them.
        Assert.Equal(info.IsRl, info.Allocation != SampleAllocation.None);
        Assert.Equal(info.IsRl, info.Advantage != AdvantageEstimator.None);
        Assert.Equal(info.IsRl, info.Loss != LossAggregationMode.None);
        Assert.Equal(info.IsRl, info.Cost.Basis == CostBasis.RlStep);
        Assert.Equal(info.TrainsNothing, info.Role is AlgorithmRole.Eval or AlgorithmRole.Study);
        Assert.Equal(info.TrainsNothing, info.Cost.Basis is CostBasis.EvalOnly or CostBasis.Study);
        Assert.False(info.IsGroupBased && !info.IsRl);
    }

    [Theory]
    [MemberData(nameof(Every))]
    public void A_gvm_algorithm_is_paired_with_a_uniform_baseline_of_the_same_advantage_and_loss(Algorithm a)
    {
        var info = a.Info();
        if (!info.UsesGvm)
        {
            Assert.Null(info.UniformBaseline);
            return;
        }
        var baseline = Assert.NotNull(info.UniformBaseline).Info();
        Assert.Equal(SampleAllocation.Uniform, baseline.Allocation);
        Assert.Equal(info.Advantage, baseline.Advantage);
        Assert.Equal(info.Loss, baseline.Loss);
        Assert.Equal(a, Algorithms.GvmCandidateOf(baseline.Value));
    }

    [Fact]
    public void The_table_lists_unique_names_in_enum_order()
    {
        Assert.Equal(Enum.GetValues<Algorithm>(), Algorithms.All.Select(i => i.Value));
        Assert.Equal(Algorithms.All.Count, AlgorithmNames.Names.Distinct().Count());
        Assert.Equal(string.Join(", ", Algorithms.Rl.Select(i => i.Name)), Algorithms.RlNames(", "));
    }

    [Fact]
    public void The_paper_algorithms_keep_their_facts()
    {
        Assert.Equal("raft_pp, gvm_raft_pp, grpo", string.Join(", ", Algorithms.Rl.Select(i => i.Name).Take(3)));
        Assert.True(Algorithm.GvmGrpo.Info() is { IsRl: true, UsesGvm: true, IsGroupBased: true, UniformBaseline: Algorithm.Grpo });
        Assert.True(Algorithm.RaftPlusPlus.Info() is { IsRl: true, UsesGvm: false, IsGroupBased: false });
        Assert.True(Algorithm.Sft.Info() is { IsRl: false, TrainsNothing: false, Role: AlgorithmRole.Supervised });
        Assert.Null(Algorithms.GvmCandidateOf(Algorithm.Sft));
    }
}
