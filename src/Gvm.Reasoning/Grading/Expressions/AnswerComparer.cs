namespace Gvm.Reasoning.Grading.Expressions;

/// <summary>
/// Structural equivalence of a predicted and a gold answer tree (spec sections 7 and 9): unordered lists and sets,
/// ordered tuples, intervals and unions, matrices, relations, ratios and percentages; scalars go to
/// <see cref="ScalarComparer"/>. The comparison is asymmetric where the spec says so (gold vs prediction).
/// </summary>
internal static class AnswerComparer
{
    private const int MaxItems = 64;

    public static bool Equivalent(Node pred, Node gold, CompareContext ctx)
    {
        var p = Items(pred);
        var g = Items(gold);
        if (p.Count == 1 && g.Count == 1) return CompareItem(p[0], g[0], ctx);
        return CompareCollections(p, g, ctx);
    }

    /// <summary>Top-level items: a set or bare list is flattened; ± expands to its values.</summary>
    private static List<Node> Items(Node n)
    {
        var result = new List<Node>();
        if (n is SetNode s)
            foreach (var item in s.Items) result.AddRange(NodeAnalysis.ExpandPm(ApplyApprox(item)));
        else
            result.AddRange(NodeAnalysis.ExpandPm(ApplyApprox(n)));
        if (result.Count > MaxItems) throw new GradingBudgetException("too many list items");
        return result;
    }

    private static bool CompareCollections(List<Node> p, List<Node> g, CompareContext ctx)
    {
        // Lists of assignments are sets; unwrap the assignments unless both sides consist of them (section 7.5).
        bool keep = p.All(IsAssignment) && g.All(IsAssignment);
        if (!keep)
        {
            p = [.. p.SelectMany(x => IsAssignment(x) ? NodeAnalysis.ExpandPm(((RelNode)x).Terms[^1]) : [x])];
            g = [.. g.SelectMany(x => IsAssignment(x) ? NodeAnalysis.ExpandPm(((RelNode)x).Terms[^1]) : [x])];
        }
        var up = Unique(p, ctx);
        var ug = Unique(g, ctx);
        if (up.Count != ug.Count) return false;
        var used = new bool[ug.Count];
        foreach (var x in up)
        {
            int match = -1;
            for (int j = 0; j < ug.Count && match < 0; j++)
                if (!used[j] && CompareItem(x, ug[j], ctx)) match = j;
            if (match < 0) return false;
            used[match] = true;
        }
        return true;
    }

    private static List<Node> Unique(List<Node> items, CompareContext ctx)
    {
        var unique = new List<Node>(items.Count);
        foreach (var x in items)
            if (!unique.Any(u => CompareItem(u, x, ctx))) unique.Add(x);
        return unique;
    }

    /// <summary>
    /// <c>\approx</c> in a chain: keep the part before the first <c>\approx</c> when it still holds an '=', otherwise the
    /// value after it (section 7.5).
    /// </summary>
    private static Node ApplyApprox(Node n)
    {
        if (n is not RelNode r) return n;
        int idx = Array.IndexOf(r.Ops, "~");
        if (idx < 0) return n;
        if (r.Ops.Take(idx).Contains("="))
            return idx == 1 ? new RelNode(r.Terms[..2], r.Ops[..1]) : new RelNode(r.Terms[..(idx + 1)], r.Ops[..idx]);
        if (idx + 1 == r.Terms.Length - 1) return r.Terms[^1];
        return ApplyApprox(new RelNode(r.Terms[(idx + 1)..], r.Ops[(idx + 1)..]));
    }

    private static bool IsEquation(RelNode r) => r.Ops.All(o => o == "=");

    private static bool IsAssignment(Node n) => n is RelNode r && IsEquation(r) && IsSymbolLike(r.Terms[0]);

    /// <summary>
    /// Left side of an assignment: a variable (subscripts allowed), f(x), |AB|, a product or ratio of symbols, or a
    /// tuple of those; no numbers outside subscripts (section 7.5).
    /// </summary>
    private static bool IsSymbolLike(Node n) => n switch
    {
        SymNode s => !s.Name.StartsWith('#'),
        BinNode { Op: '*' or '/' } b => IsSymbolLike(b.Left) && IsSymbolLike(b.Right),
        RatioNode r => r.Parts.All(IsSymbolLike),
        FuncNode { Name: "abs" } f => IsSymbolLike(f.Arg),
        FuncNode f => f.Name.StartsWith("f:", StringComparison.Ordinal),
        TupleNode t => t.Items.All(IsSymbolLike),
        _ => false,
    };

    private static bool CompareItem(Node p, Node g, CompareContext ctx)
    {
        ctx.Check();
        p = ApplyApprox(p);
        g = ApplyApprox(g);
        if (p is PercentNode || g is PercentNode) return ComparePercent(p, g, ctx);
        if (g is RelNode gr) return CompareWithGoldRelation(p, gr, ctx);
        if (p is RelNode pr)
            return IsEquation(pr) && CompareItem(pr.Terms[^1], g, ctx);
        if (p is RatioNode || g is RatioNode)
            return p is RatioNode rp && g is RatioNode rg && rp.Parts.Length == rg.Parts.Length
                && rp.Parts.Zip(rg.Parts).All(t => CompareItem(t.First, t.Second, ctx));
        if (p is MatrixNode || g is MatrixNode) return CompareMatrices(p, g, ctx);
        if (p is UnionNode || g is UnionNode)
            return IntervalSets.TryFrom(p, out var ip) && IntervalSets.TryFrom(g, out var ig) && IntervalSets.Same(ip, ig, ctx);
        if (p is TupleNode tp && g is TupleNode tg)
            return tp.Items.Length == tg.Items.Length && tp.Open == tg.Open && tp.Close == tg.Close
                && tp.Items.Zip(tg.Items).All(t => CompareItem(t.First, t.Second, ctx));
        if (p is TupleNode || g is TupleNode) return false;
        if (p is SetNode || g is SetNode || p is PmNode || g is PmNode) return CompareCollections(Items(p), Items(g), ctx);
        return ScalarComparer.Equal(p, g, ctx);
    }

    private static bool CompareWithGoldRelation(Node p, RelNode gr, CompareContext ctx)
    {
        if (IsEquation(gr))
        {
            bool goldAssign = IsSymbolLike(gr.Terms[0]);
            if (p is not RelNode pr) return goldAssign && CompareItem(p, gr.Terms[^1], ctx);
            if (!IsEquation(pr)) return false;
            if (goldAssign && IsSymbolLike(pr.Terms[0]))
                return NodeAnalysis.Canon(pr.Terms[0]) == NodeAnalysis.Canon(gr.Terms[0])
                    && CompareItem(pr.Terms[^1], gr.Terms[^1], ctx);
            if (!IsScalar(pr.Terms[0]) || !IsScalar(pr.Terms[^1]) || !IsScalar(gr.Terms[0]) || !IsScalar(gr.Terms[^1]))
                return false;
            return ScalarComparer.Proportional(Difference(pr.Terms[0], pr.Terms[^1]), Difference(gr.Terms[0], gr.Terms[^1]), false, ctx);
        }
        if (p is RelNode pi) return !IsEquation(pi) && CompareInequalities(pi, gr, ctx);
        // Gold inequality vs predicted interval: convert the gold to its solution set (section 7.5, asymmetric).
        return IntervalSets.FromInequality(gr) is { } gset && IntervalSets.TryFrom(p, out var pset) && IntervalSets.Same(pset, gset, ctx);
    }

    private static bool IsScalar(Node n) => n is not (TupleNode or SetNode or UnionNode or MatrixNode or RelNode or RatioNode or PercentNode);

    private static Node Difference(Node l, Node r) => new BinNode('-', l, r);

    private static bool CompareInequalities(RelNode p, RelNode g, CompareContext ctx)
    {
        if (p.Ops.Length != g.Ops.Length) return false;
        for (int i = 0; i < p.Ops.Length; i++)
        {
            var (dp, op) = Oriented(p.Terms[i], p.Ops[i], p.Terms[i + 1]);
            var (dg, og) = Oriented(g.Terms[i], g.Ops[i], g.Terms[i + 1]);
            if (op != og) return false;
            if (!ScalarComparer.Proportional(dp, dg, positiveOnly: op is "<" or "<=", ctx)) return false;
        }
        return true;
    }

    /// <summary>Writes <c>l op r</c> as <c>d op' 0</c> with op' in {&lt;, &lt;=, !=, =}, flipping &gt; and &gt;= by negation.</summary>
    private static (Node Diff, string Op) Oriented(Node l, string op, Node r) => op switch
    {
        ">" => (Difference(r, l), "<"),
        ">=" => (Difference(r, l), "<="),
        _ => (Difference(l, r), op),
    };

    private static bool ComparePercent(Node p, Node g, CompareContext ctx)
    {
        if (p is PercentNode pp && g is PercentNode gp) return CompareItem(pp.X, gp.X, ctx);
        // Exactly one side carries %: P% equals Q when P = Q or P/100 = Q (section 9).
        var (percent, other) = p is PercentNode x ? (x.X, g) : (((PercentNode)g).X, p);
        if (!IsScalar(percent) || !IsScalar(other)) return false;
        return ScalarComparer.Equal(percent, other, ctx)
            || ScalarComparer.Equal(new BinNode('/', percent, new NumNode(BigRational.FromInt(100), false)), other, ctx);
    }

    private static bool CompareMatrices(Node p, Node g, CompareContext ctx)
    {
        if (p is not MatrixNode mp || g is not MatrixNode mg) return false;
        if (mp.Rows.Length != mg.Rows.Length || mp.Rows[0].Length != mg.Rows[0].Length) return false;
        for (int i = 0; i < mp.Rows.Length; i++)
            for (int j = 0; j < mp.Rows[i].Length; j++)
                if (!CompareItem(mp.Rows[i][j], mg.Rows[i][j], ctx)) return false;
        return true;
    }
}
