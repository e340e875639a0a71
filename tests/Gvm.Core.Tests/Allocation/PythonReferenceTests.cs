using System.Text.Json;
using Gvm.Core.Allocation;
using Gvm.Core.IO;

namespace Gvm.Core.Tests.Allocation;

/// <summary>
/// Reference values computed in plain Python (Fixtures/make_gvm_reference.py, stdlib only) from the paper's rule with
/// the authors' filters: 40 random problems including α = 0, β ≠ 2, threshold and insufficient filters.
/// </summary>
public class PythonReferenceTests
{
    private sealed record Case(double[] AcceptRate, double[] GradNorm, int Budget, double Alpha, double Beta,
        double FilterThreshold, double FilterInsufficient, int[] SampleSizes);

    public static TheoryData<int> CaseNumbers() => new(Enumerable.Range(0, Load().Count));

    private static List<Case> Load()
    {
        var root = RepoPaths.FindRepoRoot() ?? throw new DirectoryNotFoundException("repository root not found");
        var path = Path.Combine(root, "tests", "Gvm.Core.Tests", "Allocation", "Fixtures", "gvm_reference.jsonl");
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
        return File.ReadLines(path).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<Case>(l, options)!).ToList();
    }

    [Theory]
    [MemberData(nameof(CaseNumbers))]
    public void Matches_the_python_reference(int number)
    {
        var c = Load()[number];
        var options = new GvmAllocationOptions
        {
            Alpha = c.Alpha, Beta = c.Beta, FilterThreshold = c.FilterThreshold, FilterInsufficient = c.FilterInsufficient,
        };
        Assert.Equal(c.SampleSizes, GvmAllocator.Allocate(c.AcceptRate, c.GradNorm, c.Budget, options));
    }
}
