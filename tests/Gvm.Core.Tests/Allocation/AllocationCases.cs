using FsCheck;
using FsCheck.Fluent;

namespace Gvm.Core.Tests.Allocation;

/// <summary>One random allocation problem.</summary>
public sealed record AllocationCase(double[] AcceptRate, double[] GradNorm, int Budget, double FilterThreshold, double FilterInsufficient)
{
    public bool HasEligible(double alpha = 1e-3, double beta = 2.0) =>
        Enumerable.Range(0, AcceptRate.Length).Any(i => AcceptRate[i] > 0 && GradNorm[i] > 0);

    public override string ToString() =>
        $"p=[{string.Join(", ", AcceptRate)}] G=[{string.Join(", ", GradNorm)}] budget={Budget} threshold={FilterThreshold} insufficient={FilterInsufficient}";
}

/// <summary>FsCheck generators: acceptance rates on the presample grid k/8 (so ties in p are common) or anywhere in [0, 1], log-uniform norms.</summary>
public static class AllocationArbitraries
{
    private static readonly Gen<double> AcceptRate = Gen.Frequency(
        (1, Gen.Constant(0.0)),
        (1, Gen.Constant(1.0)),
        (4, Gen.Choose(1, 8).Select(k => k / 8.0)),
        (4, Gen.Choose(1, 1_000_000).Select(k => k / 1e6)));

    private static readonly Gen<double> GradNorm = Gen.Frequency(
        (1, Gen.Constant(0.0)),
        (2, Gen.Choose(1, 5).Select(k => (double)k)),
        (7, Gen.Choose(-3000, 3000).Select(e => Math.Pow(10, e / 1000.0))));

    public static Arbitrary<AllocationCase> Cases() =>
        (from count in Gen.Choose(1, 40)
         from p in Gen.ArrayOf(AcceptRate, count)
         from g in Gen.ArrayOf(GradNorm, count)
         from budget in Gen.Frequency((1, Gen.Choose(0, 10)), (4, Gen.Choose(0, 2000)))
         from threshold in Gen.Frequency((3, Gen.Constant(0.0)), (1, Gen.Choose(1, 10).Select(k => k / 10.0)))
         from insufficient in Gen.Frequency((3, Gen.Constant(0.0)), (1, Gen.Choose(1, 40).Select(k => k / 10.0)))
         select new AllocationCase(p, g, budget, threshold, insufficient)).ToArbitrary();
}
