using System.Numerics;

namespace Gvm.Reasoning.Grading.Expressions;

/// <summary>
/// Recursive-descent parser for normalised LaTeX answers (spec section 6, "C# substitute" item 1). Grammar, loosest
/// first: list (',' ';') → relation chain → ratio ':' → union '\cup' → sum (+ − ±) → product (explicit or implicit)
/// → unary sign → power/postfix → primary. Depth and step counts are capped so no input can blow the stack.
/// </summary>
internal sealed partial class LatexParser
{
    private const int MaxDepth = 100;
    private const int MaxSteps = 20_000;
    private const int MaxLiteralDigits = 400;

    private readonly string _s;
    private int _p;
    private int _depth;
    private int _absDepth;
    private int _steps;

    private LatexParser(string s) => _s = s;

    public static Node Parse(string s)
    {
        var parser = new LatexParser(s);
        var items = parser.ParseItemList();
        parser.SkipWs();
        if (parser._p < s.Length) throw parser.Fail("unexpected text");
        return items.Count switch
        {
            0 => throw new AnswerParseException("empty answer"),
            1 => items[0],
            _ => new SetNode([.. items], braced: false),
        };
    }

    private bool AtEnd => _p >= _s.Length;
    private char Cur => _p < _s.Length ? _s[_p] : '\0';
    private char At(int offset) => _p + offset < _s.Length ? _s[_p + offset] : '\0';

    private AnswerParseException Fail(string what) => new($"{what} at {_p} in '{(_s.Length > 80 ? _s[..80] + "..." : _s)}'");

    private void SkipWs()
    {
        while (_p < _s.Length && (_s[_p] == ' ' || _s[_p] == '~')) _p++;
    }

    private void Enter()
    {
        if (++_depth > MaxDepth || ++_steps > MaxSteps) throw new GradingBudgetException("expression too deep or too long");
    }

    private void Expect(char c)
    {
        SkipWs();
        if (Cur != c) throw Fail($"expected '{c}'");
        _p++;
    }

    /// <summary>Name of the command at the cursor (without consuming it), or null when no command starts here.</summary>
    private string? PeekCommand()
    {
        if (Cur != '\\') return null;
        int i = _p + 1;
        while (i < _s.Length && char.IsAsciiLetter(_s[i])) i++;
        if (i == _p + 1) return i < _s.Length ? _s[i].ToString() : null;
        return _s.Substring(_p + 1, i - _p - 1);
    }

    private string ReadCommand()
    {
        var name = PeekCommand() ?? throw Fail("expected a command");
        _p += 1 + name.Length;
        return name;
    }

    /// <summary>Tokens that end an item in any context; the caller checks which one it expected.</summary>
    private bool IsStop()
    {
        SkipWs();
        if (AtEnd) return true;
        char c = Cur;
        if (c is ')' or ']' or '}' or '&') return true;
        if (c == '|' && _absDepth > 0) return true;
        if (c == '\\')
        {
            char n = At(1);
            if (n is '}' or '\\') return true;
            var cmd = PeekCommand();
            return cmd is "end" or "rfloor" or "rceil";
        }
        return false;
    }

    private List<Node> ParseItemList()
    {
        var items = new List<Node>();
        while (true)
        {
            if (IsStop()) break;
            if (Cur is ',' or ';') { _p++; continue; }
            items.Add(ParseItem());
            if (IsStop()) break;
            if (Cur is ',' or ';') { _p++; continue; }
            throw Fail("unexpected character");
        }
        return items;
    }

    private Node ParseItem()
    {
        var n = ParseRelation();
        SkipWs();
        if (Cur == '%') { _p++; n = new PercentNode(n); }
        return n;
    }

    private Node ParseRelation()
    {
        var first = ParseRatio();
        List<Node>? terms = null;
        List<string>? ops = null;
        while (TryRelOp(out var op))
        {
            terms ??= [first];
            ops ??= [];
            ops.Add(op);
            terms.Add(ParseRatio());
        }
        return terms is null ? first : new RelNode([.. terms], [.. ops!]);
    }

    private bool TryRelOp(out string op)
    {
        SkipWs();
        op = "";
        char c = Cur, n = At(1);
        if (c == '<' && n == '=') { op = "<="; _p += 2; return true; }
        if (c == '>' && n == '=') { op = ">="; _p += 2; return true; }
        if (c == '!' && n == '=') { op = "!="; _p += 2; return true; }
        if (c == '=') { op = "="; _p++; if (Cur == '=') _p++; return true; }
        if (c == '<') { op = "<"; _p++; return true; }
        if (c == '>') { op = ">"; _p++; return true; }
        var cmd = PeekCommand();
        string? mapped = cmd switch
        {
            "le" or "leq" or "leqslant" => "<=",
            "ge" or "geq" or "geqslant" => ">=",
            "ne" or "neq" => "!=",
            "lt" => "<",
            "gt" => ">",
            "approx" or "simeq" or "thickapprox" => "~",
            _ => null,
        };
        if (mapped is null) return false;
        ReadCommand();
        op = mapped;
        return true;
    }

    private Node ParseRatio()
    {
        var first = ParseUnion();
        SkipWs();
        if (Cur != ':') return first;
        var parts = new List<Node> { first };
        while (Cur == ':' && At(1) != '=')
        {
            _p++;
            parts.Add(ParseUnion());
            SkipWs();
        }
        return new RatioNode([.. parts]);
    }

    private Node ParseUnion()
    {
        var first = ParseSum();
        List<Node>? parts = null;
        while (true)
        {
            SkipWs();
            if (PeekCommand() != "cup") break;
            ReadCommand();
            (parts ??= [first]).Add(ParseSum());
        }
        return parts is null ? first : new UnionNode([.. parts]);
    }

    private Node ParseSum()
    {
        Enter();
        try
        {
            SkipWs();
            Node left;
            var cmd = PeekCommand();
            if (Cur == '-') { _p++; left = new NegNode(ParseProduct()); }
            else if (Cur == '+') { _p++; left = ParseProduct(); }
            else if (cmd is "pm" or "mp") { ReadCommand(); left = new PmNode(null, ParseProduct(), cmd == "mp"); }
            else left = ParseProduct();
            while (true)
            {
                SkipWs();
                cmd = PeekCommand();
                if (Cur == '+') { _p++; left = new BinNode('+', left, ParseProduct()); }
                else if (Cur == '-') { _p++; left = new BinNode('-', left, ParseProduct()); }
                else if (cmd is "pm" or "mp") { ReadCommand(); left = new PmNode(left, ParseProduct(), cmd == "mp"); }
                else return left;
            }
        }
        finally { _depth--; }
    }

    private Node ParseProduct()
    {
        var left = ParseSigned();
        while (true)
        {
            SkipWs();
            var cmd = PeekCommand();
            if (Cur == '*') { _p++; left = new BinNode('*', left, ParseSigned()); }
            else if (Cur == '/') { _p++; left = new BinNode('/', left, ParseSigned()); }
            else if (cmd is "cdot" or "times" or "ast") { ReadCommand(); left = new BinNode('*', left, ParseSigned()); }
            else if (cmd is "div") { ReadCommand(); left = new BinNode('/', left, ParseSigned()); }
            else if (StartsPrimary())
            {
                var right = ParsePower();
                // Mixed number (section 6): an integer literal directly followed by \frac{int}{int} is their sum.
                left = left is NumNode { IsDecimal: false, Value.IsInteger: true } && IsIntegerFraction(right)
                    ? new BinNode('+', left, right)
                    : new BinNode('*', left, right);
            }
            else return left;
        }
    }

    private static bool IsIntegerFraction(Node n) =>
        n is BinNode { Op: '/', Left: NumNode { IsDecimal: false, Value.IsInteger: true }, Right: NumNode { IsDecimal: false, Value.IsInteger: true } };

    private Node ParseSigned()
    {
        SkipWs();
        if (Cur == '-') { _p++; return new NegNode(ParseSigned()); }
        if (Cur == '+') { _p++; return ParseSigned(); }
        return ParsePower();
    }

    private Node ParsePower()
    {
        Enter();
        try
        {
            var b = ParsePostfix(ParsePrimary());
            SkipWs();
            if (Cur == '^')
            {
                _p++;
                b = ParsePostfix(new BinNode('^', b, ParseScript()));
            }
            return b;
        }
        finally { _depth--; }
    }

    private Node ParsePostfix(Node n)
    {
        while (true)
        {
            int save = _p;
            SkipWs();
            if (Cur == '!' && At(1) != '=') { _p++; n = new FuncNode("fact", n); continue; }
            _p = save;
            return n;
        }
    }

    /// <summary>Argument of ^ or _ or \frac: a braced group, or one digit, letter or command.</summary>
    private Node ParseScript()
    {
        SkipWs();
        if (Cur == '{')
        {
            _p++;
            var inner = ParseGroupContent();
            Expect('}');
            return inner;
        }
        if (Cur == '-') { _p++; return new NegNode(ParseScript()); }
        if (char.IsAsciiDigit(Cur)) { var d = Cur - '0'; _p++; return new NumNode(BigRational.FromInt(d), false); }
        if (char.IsAsciiLetter(Cur)) { var c = Cur; _p++; return Letter(c.ToString()); }
        if (Cur == '\\') return ParsePrimary();
        throw Fail("expected a script argument");
    }

    private Node ParseGroupContent()
    {
        var items = ParseItemList();
        return items.Count switch
        {
            0 => throw Fail("empty group"),
            1 => items[0],
            _ => new SetNode([.. items], braced: false),
        };
    }

    private bool StartsPrimary()
    {
        SkipWs();
        if (AtEnd) return false;
        char c = Cur;
        if (char.IsAsciiDigit(c) || char.IsAsciiLetter(c) || c is '(' or '{' or '[') return true;
        if (c == '.' && char.IsAsciiDigit(At(1))) return true;
        if (c == '|') return _absDepth == 0;
        if (c == '\\') return PeekCommand() is { } cmd && IsPrimaryCommand(cmd);
        return false;
    }

    private static Node Letter(string name) => name switch
    {
        "e" => new ConstNode(Constant.E),
        "i" => new ConstNode(Constant.I),
        _ => new SymNode(name),
    };

    private static BigInteger Pow10(int n) => BigInteger.Pow(10, n);

    private Node ParseNumber()
    {
        int start = _p;
        while (char.IsAsciiDigit(Cur)) _p++;
        int intEnd = _p;
        int fracStart = _p, fracEnd = _p;
        if (Cur == '.' && char.IsAsciiDigit(At(1)))
        {
            _p++;
            fracStart = _p;
            while (char.IsAsciiDigit(Cur)) _p++;
            fracEnd = _p;
        }
        else if (Cur == '.' && intEnd > start && At(1) is '/' or '*' or ')' or '+' or '-')
        {
            _p++; // "1./3" (Minerva golds): a trailing decimal point.
        }
        int exp = 0;
        bool hasMantissa = intEnd > start || fracEnd > fracStart;
        if (hasMantissa && Cur is 'e' or 'E' && (char.IsAsciiDigit(At(1)) || (At(1) is '+' or '-' && char.IsAsciiDigit(At(2)))))
        {
            // Scientific literal such as 4.4e7 or 1.325e-27 (section 10): mantissa, 'e', signed integer, no spaces.
            int e0 = ++_p;
            if (Cur is '+' or '-') _p++;
            while (char.IsAsciiDigit(Cur)) _p++;
            if (_p - e0 > 4) throw new GradingBudgetException("exponent too large");
            exp = int.Parse(_s.AsSpan(e0, _p - e0), System.Globalization.CultureInfo.InvariantCulture);
        }
        var digits = string.Concat(_s.AsSpan(start, intEnd - start), _s.AsSpan(fracStart, fracEnd - fracStart));
        if (digits.Length > MaxLiteralDigits) throw new GradingBudgetException("number literal too long");
        var mantissa = BigInteger.Parse(digits.Length == 0 ? "0" : digits, System.Globalization.CultureInfo.InvariantCulture);
        int scale = (fracEnd - fracStart) - exp;
        var value = scale >= 0 ? new BigRational(mantissa, Pow10(scale)) : BigRational.FromInt(mantissa * Pow10(-scale));
        bool isDecimal = fracEnd > fracStart;
        if (Cur == '_' && exp == 0 && !isDecimal)
        {
            // Base subscript (52_8): an opaque token compared by its spelling, no base conversion (section 10).
            _p++;
            return new SymNode("#" + _s[start..intEnd] + "_" + ReadRawScript());
        }
        return new NumNode(value, isDecimal);
    }

    /// <summary>Raw text of a subscript, braces and spaces removed: <c>{37}</c> → <c>37</c>, <c>1</c> → <c>1</c>.</summary>
    private string ReadRawScript()
    {
        SkipWs();
        if (Cur == '{')
        {
            int depth = 0, start = _p;
            do
            {
                if (Cur == '{') depth++;
                else if (Cur == '}') depth--;
                _p++;
            } while (depth > 0 && !AtEnd);
            if (depth != 0) throw Fail("unbalanced braces");
            return _s[(start + 1)..(_p - 1)].Replace(" ", "").Replace("{", "").Replace("}", "");
        }
        if (Cur == '\\') return ReadCommand();
        if (AtEnd) throw Fail("missing subscript");
        return _s[_p++].ToString();
    }
}
