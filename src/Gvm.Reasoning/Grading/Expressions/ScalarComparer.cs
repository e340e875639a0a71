using System.Diagnostics;
using System.Numerics;

namespace Gvm.Reasoning.Grading.Expressions;

/// <summary>Budget and tolerances of one comparison.</summary>
internal sealed class CompareContext(GradeOptions options)
{
    private readonly long _deadline = Stopwatch.GetTimestamp() + options.TimeoutMs * Stopwatch.Frequency / 1000;

    public GradeOptions Options { get; } = options;

    public void Check()
    {
        if (Stopwatch.GetTimestamp() > _deadline) throw new GradingBudgetException("comparison timed out");
    }
}

/// <summary>
/// Scalar equality (spec section 5): exact rationals compare exactly; a decimal approximation against an irrational or
/// non-terminating value uses the relative tolerance; expressions with symbols are compared at several points.
/// </summary>
internal static class ScalarComparer
{
    /// <summary>Tolerance between two exact symbolic sides evaluated in floating point (section 6, item 3).</summary>
    private const double SymbolicRelTol = 1e-9;

    public static bool Equal(Node a, Node b, CompareContext ctx)
    {
        ctx.Check();
        if (NodeAnalysis.HasInfinity(a) || NodeAnalysis.HasInfinity(b))
        {
            int sa = NodeAnalysis.InfinitySign(a), sb = NodeAnalysis.InfinitySign(b);
            return sa != 0 && sa == sb;
        }
        bool decimals = NodeAnalysis.HasDecimal(a) || NodeAnalysis.HasDecimal(b);
        if (ExactEvaluator.TryEval(a) is { } ea && ExactEvaluator.TryEval(b) is { } eb)
        {
            if (ea.Equals(eb)) return true;
            // 0.3333333 = 1/3 but 0.35 ≠ 17/50: tolerance only when a decimal meets a non-terminating value.
            bool approx = (NodeAnalysis.HasDecimal(a) && !eb.IsTerminating) || (NodeAnalysis.HasDecimal(b) && !ea.IsTerminating);
            return approx && Close(ea.ToDouble(), eb.ToDouble(), ctx.Options.FloatRelTol);
        }
        double tol = decimals ? ctx.Options.FloatRelTol : SymbolicRelTol;
        return SameAtPoints(a, b, tol, ctx);
    }

    public static bool SameAtPoints(Node a, Node b, double tol, CompareContext ctx)
    {
        var symbols = new HashSet<string>(StringComparer.Ordinal);
        NodeAnalysis.CollectSymbols(a, symbols);
        NodeAnalysis.CollectSymbols(b, symbols);
        bool ints = NodeAnalysis.NeedsIntegerPoints(a) || NodeAnalysis.NeedsIntegerPoints(b);
        int points = symbols.Count == 0 && !HasUnknownFunction(a, b) ? 1 : NumericEvaluator.MaxPoints;
        int compared = 0;
        for (int k = 0; k < points; k++)
        {
            ctx.Check();
            var va = NumericEvaluator.Eval(a, k, ints);
            var vb = NumericEvaluator.Eval(b, k, ints);
            bool ua = !IsFinite(va), ub = !IsFinite(vb);
            if (ua != ub) return false;
            if (ua) continue;
            if (!Close(va, vb, tol)) return false;
            compared++;
        }
        return compared > 0;
    }

    private static bool HasUnknownFunction(Node a, Node b) =>
        NodeAnalysis.Any(a, x => x is FuncNode f && f.Name.StartsWith("f:", StringComparison.Ordinal))
        || NodeAnalysis.Any(b, x => x is FuncNode f && f.Name.StartsWith("f:", StringComparison.Ordinal));

    /// <summary>
    /// True when d1 = c·d2 for one non-zero constant c at every sample point (section 7.5: equal equations,
    /// inequalities with c &gt; 0 when <paramref name="positiveOnly"/>).
    /// </summary>
    public static bool Proportional(Node d1, Node d2, bool positiveOnly, CompareContext ctx)
    {
        var symbols = new HashSet<string>(StringComparer.Ordinal);
        NodeAnalysis.CollectSymbols(d1, symbols);
        NodeAnalysis.CollectSymbols(d2, symbols);
        bool ints = NodeAnalysis.NeedsIntegerPoints(d1) || NodeAnalysis.NeedsIntegerPoints(d2);
        Complex? ratio = null;
        for (int k = 0; k < NumericEvaluator.MaxPoints; k++)
        {
            ctx.Check();
            var v1 = NumericEvaluator.Eval(d1, k, ints);
            var v2 = NumericEvaluator.Eval(d2, k, ints);
            bool u1 = !IsFinite(v1), u2 = !IsFinite(v2);
            if (u1 != u2) return false;
            if (u1) continue;
            bool z1 = Complex.Abs(v1) < 1e-12, z2 = Complex.Abs(v2) < 1e-12;
            if (z1 != z2) return false;
            if (z1) continue;
            var r = v1 / v2;
            if (ratio is null) ratio = r;
            else if (!Close(r, ratio.Value, 1e-7)) return false;
        }
        if (ratio is not { } c) return false;
        if (!positiveOnly) return true;
        return Math.Abs(c.Imaginary) < 1e-9 && c.Real > 0;
    }

    public static bool IsFinite(Complex v) => double.IsFinite(v.Real) && double.IsFinite(v.Imaginary);

    /// <summary>|a−b| ≤ tol·max(|a|,|b|); when one side is exactly 0 the other must be within 1e-12 (section 5).</summary>
    public static bool Close(Complex a, Complex b, double tol)
    {
        if (a == b) return true;
        double ma = Complex.Abs(a), mb = Complex.Abs(b);
        if (ma == 0 || mb == 0) return Math.Max(ma, mb) <= 1e-12;
        return Complex.Abs(a - b) <= tol * Math.Max(ma, mb);
    }
}
