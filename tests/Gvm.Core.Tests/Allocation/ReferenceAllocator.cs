namespace Gvm.Core.Tests.Allocation;

/// <summary>
/// A deliberately plain second implementation of the authors' allocation rule (no bounds, floors or alignment), written
/// straight from the issue text: weights, filters, round each share, largest-remainder fix-up. Used only as an oracle.
/// </summary>
internal static class ReferenceAllocator
{
    public static int[] Allocate(double[] p, double[] g, int budget, double alpha, double beta, double filterThreshold, double filterInsufficient)
    {
        var m = p.Length;
        var w = new double[m];
        for (var i = 0; i < m; i++)
        {
            if (p[i] == 0 || g[i] == 0) continue;
            w[i] = g[i] / Math.Sqrt(p[i] + alpha / Math.Pow(p[i], beta - 1));
            if (filterThreshold > 0 && p[i] > filterThreshold) w[i] = 0;
        }
        if (filterInsufficient > 0 && w.Sum() > 0)
        {
            var before = w.Sum();
            for (var i = 0; i < m; i++)
            {
                if (p[i] * budget * w[i] / before < filterInsufficient) w[i] = 0;
            }
        }
        var result = new int[m];
        var total = w.Sum();
        if (total == 0) return result;

        var share = w.Select(x => x / total * budget).ToArray();
        for (var i = 0; i < m; i++) result[i] = (int)Math.Round(share[i], MidpointRounding.AwayFromZero);
        var missing = budget - result.Sum();
        if (missing > 0)
        {
            foreach (var i in Enumerable.Range(0, m).Where(i => w[i] > 0).OrderByDescending(i => share[i] - result[i]).Take(missing))
                result[i]++;
        }
        else if (missing < 0)
        {
            foreach (var i in Enumerable.Range(0, m).Where(i => result[i] > 0).OrderBy(i => share[i] - result[i]).Take(-missing))
                result[i]--;
        }
        return result;
    }
}
