using System.Numerics;

namespace Gvm.Reasoning.Grading.Expressions;

/// <summary>
/// Complex double evaluation of scalar trees at a sample point (spec section 6, item 3: polynomial identity testing
/// in place of sympy's simplify). Symbols get deterministic pseudo-random values derived from their name and the
/// point index, so both sides of a comparison see the same assignment; unknown functions f(x) become fixed
/// pseudo-random smooth functions. Non-scalar nodes and undefined operations yield NaN.
/// </summary>
internal static class NumericEvaluator
{
    public const int MaxPoints = 6;

    public static Complex Eval(Node node, int point, bool integerPoints)
    {
        var steps = 0;
        return Eval(node, point, integerPoints, ref steps);
    }

    private static readonly Complex NaN = new(double.NaN, double.NaN);

    private static Complex Eval(Node node, int point, bool ints, ref int steps)
    {
        if (++steps > 50_000) throw new GradingBudgetException("evaluation budget exceeded");
        switch (node)
        {
            case NumNode n: return n.Value.ToDouble();
            case ConstNode c:
                return c.Value switch
                {
                    Constant.Pi => Math.PI,
                    Constant.E => Math.E,
                    Constant.I => Complex.ImaginaryOne,
                    _ => double.PositiveInfinity,
                };
            case SymNode s: return SymbolValue(s.Name, point, ints);
            case NegNode g: return -Eval(g.X, point, ints, ref steps);
            case BinNode b:
                {
                    var l = Eval(b.Left, point, ints, ref steps);
                    var r = Eval(b.Right, point, ints, ref steps);
                    return b.Op switch
                    {
                        '+' => l + r,
                        '-' => l - r,
                        '*' => l * r,
                        '/' => r == Complex.Zero ? NaN : l / r,
                        '^' => Power(l, r),
                        _ => NaN,
                    };
                }
            case FuncNode f: return Function(f, point, ints, ref steps);
            default: return NaN;
        }
    }

    private static Complex Power(Complex b, Complex e)
    {
        if (e.Imaginary == 0 && Math.Abs(e.Real) > 1e6) return NaN;
        if (e.Imaginary == 0 && e.Real == Math.Round(e.Real) && Math.Abs(e.Real) <= 64)
        {
            var k = (int)e.Real;
            var acc = Complex.One;
            var baseValue = k < 0 ? Complex.One / b : b;
            for (int i = 0; i < Math.Abs(k); i++) acc *= baseValue;
            return acc;
        }
        if (b.Imaginary == 0 && b.Real > 0 && e.Imaginary == 0) return Math.Pow(b.Real, e.Real);
        return b == Complex.Zero ? (e.Real > 0 ? Complex.Zero : NaN) : Complex.Pow(b, e);
    }

    private static Complex Function(FuncNode f, int point, bool ints, ref int steps)
    {
        var x = Eval(f.Arg, point, ints, ref steps);
        switch (f.Name)
        {
            case "sin": return Complex.Sin(x);
            case "cos": return Complex.Cos(x);
            case "tan": return Complex.Tan(x);
            case "sec": return 1 / Complex.Cos(x);
            case "csc": return 1 / Complex.Sin(x);
            case "cot": return 1 / Complex.Tan(x);
            case "arcsin": return Complex.Asin(x);
            case "arccos": return Complex.Acos(x);
            case "arctan": return Complex.Atan(x);
            case "sinh": return Complex.Sinh(x);
            case "cosh": return Complex.Cosh(x);
            case "tanh": return Complex.Tanh(x);
            case "exp": return Complex.Exp(x);
            case "ln": return x == Complex.Zero ? NaN : Complex.Log(x);
            case "log":
                {
                    if (x == Complex.Zero) return NaN;
                    if (f.Extra is null) return Complex.Log(x);
                    var b = Eval(f.Extra, point, ints, ref steps);
                    return Complex.Log(x) / Complex.Log(b);
                }
            case "sqrt":
                {
                    if (f.Extra is null) return Complex.Sqrt(x);
                    var k = Eval(f.Extra, point, ints, ref steps);
                    // Odd roots of negative reals stay real: \sqrt[3]{-8} = -2.
                    if (x.Imaginary == 0 && x.Real < 0 && k.Imaginary == 0 && Math.Abs(k.Real % 2) == 1)
                        return -Math.Pow(-x.Real, 1 / k.Real);
                    return Power(x, 1 / k);
                }
            case "abs": return Complex.Abs(x);
            case "floor": return Math.Floor(x.Real);
            case "ceil": return Math.Ceiling(x.Real);
            case "fact": return Factorial(x);
            case "binom":
                {
                    var k = Eval(f.Extra!, point, ints, ref steps);
                    return Factorial(x) / (Factorial(k) * Factorial(x - k));
                }
            default:
                if (f.Name.StartsWith("f:", StringComparison.Ordinal)) return PseudoFunction(f.Name, x);
                return NaN;
        }
    }

    private static Complex Factorial(Complex x)
    {
        if (x.Imaginary != 0 || x.Real < 0 || x.Real != Math.Round(x.Real) || x.Real > 170) return NaN;
        double acc = 1;
        for (int i = 2; i <= (int)x.Real; i++) acc *= i;
        return acc;
    }

    /// <summary>FNV-1a with a final mix; stable across processes (string.GetHashCode is not).</summary>
    internal static ulong Hash(string s, int salt)
    {
        ulong h = 14695981039346656037UL ^ (ulong)(salt + 1) * 0x9E3779B97F4A7C15UL;
        foreach (var ch in s) { h ^= ch; h *= 1099511628211UL; }
        h ^= h >> 33; h *= 0xff51afd7ed558ccdUL; h ^= h >> 33;
        return h;
    }

    private static Complex SymbolValue(string name, int point, bool ints)
    {
        var h = Hash(name, point);
        return ints ? 2 + (double)(h % 9) : 0.35 + (h % 1_000_003) / 1_000_003.0 * 1.6;
    }

    private static Complex PseudoFunction(string name, Complex x)
    {
        var h = Hash(name, 977);
        double a = 0.5 + (h % 1000) / 1000.0, b = (h >> 20) % 1000 / 300.0, c = 0.2 + (h >> 40) % 1000 / 2000.0;
        return 1.7 * Complex.Sin(a * x + b) + c * x;
    }
}
