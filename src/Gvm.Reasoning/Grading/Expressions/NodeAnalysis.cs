using System.Text;

namespace Gvm.Reasoning.Grading.Expressions;

/// <summary>Read-only queries over answer trees, and the ± expansion of section 7.3.</summary>
internal static class NodeAnalysis
{
    private const int MaxExpansions = 16;

    public static IEnumerable<Node> Children(Node n) => n switch
    {
        NegNode g => [g.X],
        BinNode b => [b.Left, b.Right],
        FuncNode f => f.Extra is null ? [f.Arg] : [f.Arg, f.Extra],
        PmNode p => p.Left is null ? [p.Right] : [p.Left, p.Right],
        TupleNode t => t.Items,
        SetNode s => s.Items,
        UnionNode u => u.Parts,
        MatrixNode m => m.Rows.SelectMany(r => r),
        RelNode r => r.Terms,
        RatioNode r => r.Parts,
        PercentNode p => [p.X],
        _ => [],
    };

    public static bool Any(Node n, Func<Node, bool> predicate)
    {
        if (predicate(n)) return true;
        foreach (var c in Children(n))
            if (Any(c, predicate)) return true;
        return false;
    }

    public static bool HasDecimal(Node n) => Any(n, x => x is NumNode { IsDecimal: true });

    public static bool HasInfinity(Node n) => Any(n, x => x is ConstNode { Value: Constant.Infinity });

    public static bool NeedsIntegerPoints(Node n) => Any(n, x => x is FuncNode { Name: "fact" or "floor" or "ceil" or "binom" });

    public static void CollectSymbols(Node n, HashSet<string> into)
    {
        if (n is SymNode s) into.Add(s.Name);
        foreach (var c in Children(n)) CollectSymbols(c, into);
    }

    /// <summary>Sign of a pure infinity (∞, +∞, −∞), else 0.</summary>
    public static int InfinitySign(Node n) => n switch
    {
        ConstNode { Value: Constant.Infinity } => 1,
        NegNode g => -InfinitySign(g.X),
        _ => 0,
    };

    /// <summary>Canonical spelling used for structural equality of assignment left sides.</summary>
    public static string Canon(Node n)
    {
        var sb = new StringBuilder();
        Write(n, sb);
        return sb.ToString();
    }

    private static void Write(Node n, StringBuilder sb)
    {
        switch (n)
        {
            case NumNode x: sb.Append(x.Value.ToString()); return;
            case SymNode s: sb.Append(s.Name); return;
            case ConstNode c: sb.Append('@').Append(c.Value); return;
            case NegNode g: sb.Append("-("); Write(g.X, sb); sb.Append(')'); return;
            case BinNode b: sb.Append('('); Write(b.Left, sb); sb.Append(b.Op); Write(b.Right, sb); sb.Append(')'); return;
            case FuncNode f: sb.Append(f.Name).Append('['); Write(f.Arg, sb); if (f.Extra is not null) { sb.Append(';'); Write(f.Extra, sb); } sb.Append(']'); return;
            default:
                sb.Append(n.GetType().Name).Append('{');
                foreach (var c in Children(n)) { Write(c, sb); sb.Append(','); }
                sb.Append('}');
                return;
        }
    }

    /// <summary>
    /// Expands every ± in a scalar tree: <c>1 \pm \sqrt{19}</c> → [1+√19, 1−√19]; <c>\pm 2021</c> → [2021, −2021].
    /// Structures are returned unchanged. At most 16 results.
    /// </summary>
    public static List<Node> ExpandPm(Node n)
    {
        if (!Any(n, x => x is PmNode)) return [n];
        switch (n)
        {
            case PmNode p:
                {
                    var result = new List<Node>();
                    var lefts = p.Left is null ? [null!] : ExpandPm(p.Left);
                    foreach (var l in lefts)
                        foreach (var r in ExpandPm(p.Right))
                        {
                            Node plus = l is null ? r : new BinNode('+', l, r);
                            Node minus = l is null ? new NegNode(r) : new BinNode('-', l, r);
                            result.Add(p.MinusFirst ? minus : plus);
                            result.Add(p.MinusFirst ? plus : minus);
                        }
                    return Cap(result);
                }
            case BinNode b:
                return Cap([.. from l in ExpandPm(b.Left) from r in ExpandPm(b.Right) select (Node)new BinNode(b.Op, l, r)]);
            case NegNode g:
                return [.. ExpandPm(g.X).Select(x => (Node)new NegNode(x))];
            case FuncNode f when f.Extra is null:
                return [.. ExpandPm(f.Arg).Select(x => (Node)new FuncNode(f.Name, x))];
            default:
                return [n];
        }
    }

    private static List<Node> Cap(List<Node> nodes) =>
        nodes.Count <= MaxExpansions ? nodes : throw new GradingBudgetException("too many ± expansions");
}
