namespace Gvm.Reasoning.Grading.Expressions;

/// <summary>One interval (or a point, Lo = Hi closed) of a union; endpoints stay trees so they compare exactly.</summary>
internal sealed record Interval(Node Lo, Node Hi, bool LoClosed, bool HiClosed);

/// <summary>
/// Intervals and unions as point sets (spec section 7.2): order of the parts does not matter, bracket types and
/// excluded points do. Also converts a one-variable inequality gold into its solution set (section 7.5).
/// </summary>
internal static class IntervalSets
{
    private static readonly Node PlusInf = new ConstNode(Constant.Infinity);
    private static readonly Node MinusInf = new NegNode(new ConstNode(Constant.Infinity));

    public static bool TryFrom(Node n, out List<Interval> parts)
    {
        parts = [];
        return Collect(n, parts);
    }

    private static bool Collect(Node n, List<Interval> parts)
    {
        switch (n)
        {
            case TupleNode { Items.Length: 2 } t:
                parts.Add(new Interval(t.Items[0], t.Items[1], t.Open == '[', t.Close == ']'));
                return true;
            case SetNode { Braced: true } s:
                foreach (var x in s.Items) parts.Add(new Interval(x, x, true, true));
                return true;
            case UnionNode u:
                return u.Parts.All(x => Collect(x, parts));
            default:
                return false;
        }
    }

    public static bool Same(List<Interval> a, List<Interval> b, CompareContext ctx)
    {
        if (a.Count != b.Count) return false;
        var sa = Sorted(a);
        var sb = Sorted(b);
        for (int i = 0; i < sa.Count; i++)
        {
            if (sa[i].LoClosed != sb[i].LoClosed || sa[i].HiClosed != sb[i].HiClosed) return false;
            if (!ScalarComparer.Equal(sa[i].Lo, sb[i].Lo, ctx) || !ScalarComparer.Equal(sa[i].Hi, sb[i].Hi, ctx)) return false;
        }
        return true;
    }

    private static List<Interval> Sorted(List<Interval> parts) =>
        [.. parts.OrderBy(p => Position(p.Lo)).ThenBy(p => Position(p.Hi))];

    private static double Position(Node n)
    {
        int inf = NodeAnalysis.InfinitySign(n);
        if (inf != 0) return inf * double.PositiveInfinity;
        var v = NumericEvaluator.Eval(n, 0, false);
        return double.IsFinite(v.Real) ? v.Real : 0;
    }

    /// <summary>
    /// <c>x &lt; 3</c> → (−∞, 3); <c>k \ge 2</c> → [2, ∞); <c>-2 \le x \le 7</c> → [−2, 7]; <c>x \ne 1</c> → two parts.
    /// Null when the relation is not a one-variable inequality against constants.
    /// </summary>
    public static List<Interval>? FromInequality(RelNode r)
    {
        if (r.Terms.Length == 2)
        {
            bool varLeft = IsVariable(r.Terms[0]) && IsConstant(r.Terms[1]);
            bool varRight = IsVariable(r.Terms[1]) && IsConstant(r.Terms[0]);
            if (!varLeft && !varRight) return null;
            var c = varLeft ? r.Terms[1] : r.Terms[0];
            var op = varLeft ? r.Ops[0] : Flip(r.Ops[0]);
            return op switch
            {
                "<" => [new Interval(MinusInf, c, false, false)],
                "<=" => [new Interval(MinusInf, c, false, true)],
                ">" => [new Interval(c, PlusInf, false, false)],
                ">=" => [new Interval(c, PlusInf, true, false)],
                "!=" => [new Interval(MinusInf, c, false, false), new Interval(c, PlusInf, false, false)],
                _ => null,
            };
        }
        if (r.Terms.Length == 3 && IsVariable(r.Terms[1]) && IsConstant(r.Terms[0]) && IsConstant(r.Terms[2]))
        {
            bool up = r.Ops.All(o => o is "<" or "<=");
            bool down = r.Ops.All(o => o is ">" or ">=");
            if (up) return [new Interval(r.Terms[0], r.Terms[2], r.Ops[0] == "<=", r.Ops[1] == "<=")];
            if (down) return [new Interval(r.Terms[2], r.Terms[0], r.Ops[1] == ">=", r.Ops[0] == ">=")];
        }
        return null;
    }

    private static string Flip(string op) => op switch { "<" => ">", "<=" => ">=", ">" => "<", ">=" => "<=", _ => op };

    private static bool IsVariable(Node n) => n is SymNode s && !s.Name.StartsWith('#');

    private static bool IsConstant(Node n)
    {
        var symbols = new HashSet<string>();
        NodeAnalysis.CollectSymbols(n, symbols);
        return symbols.Count == 0 && n is not (TupleNode or SetNode or UnionNode or MatrixNode);
    }
}
