using System.Numerics;

namespace Gvm.Reasoning.Grading.Expressions;

/// <summary>
/// Exact rational evaluation of constant expressions without irrationals (spec section 6, item 2): integers,
/// fractions, terminating decimals, integer powers, perfect roots, factorials and binomials. Returns null when the
/// value is not rational (π, √2, symbols) or when it would exceed the size guards (section 6, item 4).
/// </summary>
internal static class ExactEvaluator
{
    private const long MaxResultBits = 200_000;
    private const int MaxFactorial = 3000;

    public static BigRational? TryEval(Node node)
    {
        try { return Eval(node); }
        catch (DivideByZeroException) { return null; }
    }

    private static BigRational? Eval(Node node)
    {
        switch (node)
        {
            case NumNode n: return n.Value;
            case NegNode g: return Eval(g.X) is { } x ? -x : null;
            case BinNode b:
                {
                    if (Eval(b.Left) is not { } l) return null;
                    if (b.Op == '^') return Power(l, b.Right);
                    if (Eval(b.Right) is not { } r) return null;
                    return b.Op switch
                    {
                        '+' => l + r,
                        '-' => l - r,
                        '*' => l * r,
                        '/' => r.IsZero ? null : l / r,
                        _ => null,
                    };
                }
            case FuncNode f: return Function(f);
            default: return null;
        }
    }

    private static BigRational? Power(BigRational b, Node exponentNode)
    {
        if (Eval(exponentNode) is not { } e) return null;
        if (e.IsInteger)
        {
            if (b.IsZero) return e.Sign > 0 ? BigRational.Zero : e.IsZero ? BigRational.One : null;
            if (b.Num.IsOne && b.Den.IsOne) return BigRational.One;
            if (BigInteger.Abs(e.Num) > 100_000) return null;
            var k = (int)e.Num;
            if (b.BitSize * (long)Math.Abs(k) > MaxResultBits) throw new GradingBudgetException("power too large");
            return BigRational.Pow(b, k);
        }
        // Rational exponent p/q: exact only when b is a perfect q-th power.
        if (e.Den > 12 || BigInteger.Abs(e.Num) > 1000) return null;
        return Root(b, (int)e.Den) is { } root ? BigRational.Pow(root, (int)e.Num) : null;
    }

    private static BigRational? Function(FuncNode f)
    {
        switch (f.Name)
        {
            case "sqrt":
                {
                    if (Eval(f.Arg) is not { } x) return null;
                    int index = 2;
                    if (f.Extra is not null)
                    {
                        if (Eval(f.Extra) is not { IsInteger: true } k || k.Num < 2 || k.Num > 12) return null;
                        index = (int)k.Num;
                    }
                    return Root(x, index);
                }
            case "abs": return Eval(f.Arg) is { } v ? (v.Sign < 0 ? -v : v) : null;
            case "floor" or "ceil":
                {
                    if (Eval(f.Arg) is not { } a) return null;
                    var q = BigInteger.DivRem(a.Num, a.Den, out var rem);
                    if (!rem.IsZero && (f.Name == "floor" ? a.Sign < 0 : a.Sign > 0)) q += f.Name == "floor" ? -1 : 1;
                    return BigRational.FromInt(q);
                }
            case "fact":
                {
                    if (Eval(f.Arg) is not { IsInteger: true } n || n.Sign < 0 || n.Num > MaxFactorial) return null;
                    var acc = BigInteger.One;
                    for (int i = 2; i <= (int)n.Num; i++) acc *= i;
                    return BigRational.FromInt(acc);
                }
            case "binom":
                {
                    if (Eval(f.Arg) is not { IsInteger: true } n || f.Extra is null || Eval(f.Extra) is not { IsInteger: true } k)
                        return null;
                    if (k.Sign < 0 || k.Num > MaxFactorial || n.Num > 1_000_000) return null;
                    if (n.Sign >= 0 && k.Num > n.Num) return BigRational.Zero;
                    var acc = BigRational.One;
                    for (int i = 0; i < (int)k.Num; i++)
                        acc = acc * BigRational.FromInt(n.Num - i) / BigRational.FromInt(i + 1);
                    return acc;
                }
            default: return null;
        }
    }

    /// <summary>Exact q-th root of a rational when numerator and denominator are perfect powers (sign kept for odd q).</summary>
    private static BigRational? Root(BigRational x, int q)
    {
        if (x.IsZero) return BigRational.Zero;
        if (x.Sign < 0 && q % 2 == 0) return null;
        var n = IntRoot(BigInteger.Abs(x.Num), q);
        var d = IntRoot(x.Den, q);
        if (n is null || d is null) return null;
        return new BigRational(x.Sign < 0 ? -n.Value : n.Value, d.Value);
    }

    /// <summary>Integer q-th root by Newton's iteration from above; null unless exact.</summary>
    private static BigInteger? IntRoot(BigInteger v, int q)
    {
        if (v.IsZero) return BigInteger.Zero;
        if (v.GetBitLength() > 20_000) return null;
        var x = BigInteger.One << (int)(v.GetBitLength() / q + 1);
        while (true)
        {
            var y = ((q - 1) * x + v / BigInteger.Pow(x, q - 1)) / q;
            if (y >= x) break;
            x = y;
        }
        return BigInteger.Pow(x, q) == v ? x : null;
    }
}
