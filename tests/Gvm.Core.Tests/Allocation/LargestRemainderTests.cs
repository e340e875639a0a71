using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gvm.Core.Allocation;

namespace Gvm.Core.Tests.Allocation;

public class LargestRemainderTests
{
    [Fact]
    public void Rounds_then_fixes_the_total_by_largest_remainder()
    {
        var n = new int[4];
        LargestRemainder.Apportion([1.2, 2.6, 3.7, 2.5], [1, 1, 1, 1], 10, 0, 0, n);
        // floors 1+2+3+2 = 8; remainders .2 .6 .7 .5 → the two largest (.7, .6) get one more.
        Assert.Equal([1, 3, 4, 2], n);
    }

    [Fact]
    public void Shrinks_the_smallest_remainders_when_rounding_overshoots()
    {
        var n = new int[3];
        // Shares sum to 5 but the total asked is 4: floors 1+1+2 = 4 → nothing to add.
        LargestRemainder.Apportion([1.5, 1.5, 2.0], [1, 1, 1], 4, 0, 0, n);
        Assert.Equal([1, 1, 2], n);
        // A minimum above the floors forces removals: [2, 2, 2] → 4 removes from the smallest remainders, highest index first.
        LargestRemainder.Apportion([1.5, 1.5, 2.0], [1, 1, 1], 5, 2, 0, n);
        Assert.Equal([2, 2, 2], n);
    }

    [Fact]
    public void Equal_remainders_go_to_the_larger_priority_then_the_lower_index()
    {
        var n = new int[3];
        LargestRemainder.Apportion([0.5, 0.5, 0.5], [1, 2, 1], 1, 0, 0, n);
        Assert.Equal([0, 1, 0], n);
        LargestRemainder.Apportion([0.5, 0.5, 0.5], [1, 1, 1], 2, 0, 0, n);
        Assert.Equal([1, 1, 0], n);
    }

    [Fact]
    public void Float_noise_at_a_half_does_not_change_the_result()
    {
        var a = new int[2];
        var b = new int[2];
        LargestRemainder.Apportion([2.5, 2.5], [1, 1], 5, 0, 0, a);
        LargestRemainder.Apportion([2.4999999999999996, 2.5000000000000004], [1, 1], 5, 0, 0, b);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Upper_bounds_are_respected_and_wrap_round()
    {
        var n = new int[3];
        LargestRemainder.Apportion([0.1, 0.1, 9.8], [1, 1, 1], 10, 0, 4, n);
        Assert.Equal([3, 3, 4], n);
    }

    public static Arbitrary<(double[] Shares, double[] Priority, int Total)> Problems() =>
        (from count in Gen.Frequency((3, Gen.Choose(1, 50)), (1, Gen.Choose(4096, 6000)))
         from raw in Gen.ArrayOf(Gen.Choose(0, 1000), count)
         from total in Gen.Choose(0, 3 * count)
         from ties in Gen.Elements(true, false)
         let sum = Math.Max(1.0, raw.Sum())
         let shares = raw.Select(r => ties ? Math.Round(r / 100.0) / 2 : r / sum * total).ToArray()
         select (shares, raw.Select(r => (double)(r % 7)).ToArray(), total)).ToArbitrary();

    [Property(Arbitrary = [typeof(LargestRemainderTests)], MaxTest = 40)]
    public void Bucket_selection_equals_sorting((double[] Shares, double[] Priority, int Total) c)
    {
        foreach (var (min, max) in new[] { (0, 0), (0, 3), (1, 0) })
        {
            var shares = c.Shares.Select(x => Math.Clamp(x, min, max > 0 ? max : double.MaxValue)).ToArray();
            var sorted = new int[shares.Length];
            var bucketed = new int[shares.Length];
            LargestRemainder.Apportion(shares, c.Priority, c.Total, min, max, sorted, sort: true);
            LargestRemainder.Apportion(shares, c.Priority, c.Total, min, max, bucketed, sort: false);
            Assert.Equal(sorted, bucketed);
            var lowest = (long)shares.Length * min;
            var highest = max > 0 ? (long)shares.Length * max : long.MaxValue;
            Assert.Equal(Math.Clamp(c.Total, lowest, highest), bucketed.Sum(x => (long)x));
        }
    }
}
