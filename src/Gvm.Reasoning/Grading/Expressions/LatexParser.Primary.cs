namespace Gvm.Reasoning.Grading.Expressions;

/// <summary>Primaries: numbers, letters, groups, sets, absolute values, LaTeX commands and matrices.</summary>
internal sealed partial class LatexParser
{
    private static readonly HashSet<string> Functions =
    [
        "sin", "cos", "tan", "sec", "csc", "cot", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh",
        "ln", "log", "exp", "lg",
    ];

    private static readonly HashSet<string> Greek =
    [
        "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta", "iota", "kappa",
        "lambda", "mu", "nu", "xi", "rho", "sigma", "tau", "upsilon", "phi", "varphi", "chi", "psi", "omega",
        "Gamma", "Delta", "Theta", "Lambda", "Xi", "Sigma", "Upsilon", "Phi", "Psi", "Omega", "hbar", "ell", "prime",
    ];

    private static readonly HashSet<string> Decorations =
    [
        "mathbf", "boldsymbol", "mathit", "vec", "hat", "bar", "overline", "overrightarrow", "widehat", "tilde",
        "mathbb", "mathcal", "dot", "ddot", "text", "mathrm", "textbf", "textit", "mbox", "textnormal", "operatorname",
    ];

    private static readonly HashSet<string> MatrixEnvironments =
        ["pmatrix", "bmatrix", "Bmatrix", "vmatrix", "Vmatrix", "matrix", "smallmatrix", "array"];

    private static bool IsPrimaryCommand(string cmd) =>
        cmd is "frac" or "sqrt" or "pi" or "infty" or "angle" or "triangle" or "measuredangle" or "binom" or "lfloor" or "lceil" or "begin" or "emptyset" or "varnothing"
        || Functions.Contains(cmd) || Greek.Contains(cmd) || Decorations.Contains(cmd);

    private static bool IsFunctionLetter(char c) => c is 'f' or 'g' or 'h' or 'F' or 'G' or 'H';

    private Node ParsePrimary()
    {
        SkipWs();
        char c = Cur;
        if (char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(At(1)))) return ParseNumber();
        if (char.IsAsciiLetter(c)) return ParseIdentifier();
        if (c is '(' or '[') return ParseGroup();
        if (c == '{')
        {
            _p++;
            var inner = ParseGroupContent();
            Expect('}');
            return inner;
        }
        if (c == '|')
        {
            _p++;
            _absDepth++;
            var inner = ParseSum();
            _absDepth--;
            Expect('|');
            return new FuncNode("abs", inner);
        }
        if (c == '\\')
        {
            if (At(1) == '{')
            {
                _p += 2;
                var items = ParseItemList();
                SkipWs();
                if (Cur != '\\' || At(1) != '}') throw Fail("expected '\\}'");
                _p += 2;
                return new SetNode([.. items], braced: true);
            }
            return ParseCommand(ReadCommand());
        }
        throw Fail("expected a value");
    }

    private Node ParseIdentifier()
    {
        char letter = Cur;
        _p++;
        if (Cur == '_')
        {
            _p++;
            return new SymNode(letter + "_" + ReadRawScript());
        }
        if (Cur == '(' && IsFunctionLetter(letter))
        {
            // f(x): an unknown function applied to its argument (section 6); evaluated as a fixed pseudo-random function.
            _p++;
            var args = ParseItemList();
            SkipWs();
            if (Cur is not (')' or ']') || args.Count == 0) throw Fail("bad function argument");
            _p++;
            var arg = args.Count == 1 ? args[0] : new TupleNode([.. args], '(', ')');
            return new FuncNode("f:" + letter, arg);
        }
        return Letter(letter.ToString());
    }

    private Node ParseGroup()
    {
        char open = Cur;
        _p++;
        var items = ParseItemList();
        SkipWs();
        if (Cur is not (')' or ']')) throw Fail("unclosed bracket");
        char close = Cur;
        _p++;
        return items.Count switch
        {
            0 => throw Fail("empty brackets"),
            1 when open == '(' && close == ')' => items[0],
            1 when open == '[' && close == ']' => items[0],
            1 => throw Fail("half-open single value"),
            _ => new TupleNode([.. items], open, close),
        };
    }

    private Node ParseCommand(string cmd)
    {
        switch (cmd)
        {
            case "frac":
                {
                    var num = ParseScript();
                    var den = ParseScript();
                    return new BinNode('/', num, den);
                }
            case "sqrt":
                {
                    SkipWs();
                    Node? index = null;
                    if (Cur == '[')
                    {
                        _p++;
                        index = ParseSum();
                        Expect(']');
                    }
                    SkipWs();
                    // \sqrt(2) is read as \sqrt{2}, never as \sqrt{}·(2) (Math-Verify#41).
                    var arg = Cur == '(' ? ParseGroup() : ParseScript();
                    return new FuncNode("sqrt", arg, index);
                }
            case "binom":
                {
                    var n = ParseScript();
                    var k = ParseScript();
                    return new FuncNode("binom", n, k);
                }
            case "lfloor" or "lceil":
                {
                    var inner = ParseSum();
                    SkipWs();
                    var close = ReadCommand();
                    if (close != (cmd == "lfloor" ? "rfloor" : "rceil")) throw Fail("unclosed floor/ceil");
                    return new FuncNode(cmd == "lfloor" ? "floor" : "ceil", inner);
                }
            case "pi": return new ConstNode(Constant.Pi);
            case "infty": return new ConstNode(Constant.Infinity);
            case "emptyset" or "varnothing": return new SetNode([], braced: true);
            case "begin": return ParseEnvironment();
            case "angle" or "triangle" or "measuredangle":
                // \angle ABC names a quantity: an opaque symbol-like function of the letters that follow.
                return new FuncNode("f:" + cmd, ParsePower());
        }
        if (Functions.Contains(cmd)) return ParseFunction(cmd);
        if (Greek.Contains(cmd))
        {
            if (Cur == '_') { _p++; return new SymNode(cmd + "_" + ReadRawScript()); }
            return new SymNode(cmd);
        }
        if (Decorations.Contains(cmd))
        {
            var raw = ReadRawScript().Replace("~", "");
            if (raw.Length == 1 && char.IsAsciiLetter(raw[0]) && cmd is "text" or "mathrm" or "mathbf" or "mathit" or "textbf")
                return Letter(raw);
            if (Cur == '_') { _p++; raw += "_" + ReadRawScript(); }
            return new SymNode(cmd + ":" + raw);
        }
        throw Fail($"unsupported command \\{cmd}");
    }

    private Node ParseFunction(string name)
    {
        Node? power = null, logBase = null;
        for (int k = 0; k < 2; k++)
        {
            SkipWs();
            if (Cur == '^') { _p++; power = ParseScript(); }
            else if (Cur == '_') { _p++; logBase = ParseScript(); }
        }
        SkipWs();
        Node arg;
        if (Cur == '(') arg = ParseGroup();
        else
        {
            // \sin 2x, \sin b \cos a: the argument is a product that stops at the next function or + / −.
            arg = ParsePower();
            while (StartsPrimary() && !(PeekCommand() is { } next && Functions.Contains(next)))
                arg = new BinNode('*', arg, ParsePower());
        }
        if (name == "lg") { name = "log"; logBase ??= new NumNode(BigRational.FromInt(10), false); }
        Node f = new FuncNode(name, arg, logBase);
        if (power is NegNode { X: NumNode { Value: var v } } && v.Equals(BigRational.One) && name is "sin" or "cos" or "tan")
            return new FuncNode("arc" + name, arg);
        return power is null ? f : new BinNode('^', f, power);
    }

    private Node ParseEnvironment()
    {
        var env = ReadRawScript();
        if (!MatrixEnvironments.Contains(env)) throw Fail($"unsupported environment {env}");
        SkipWs();
        if (env == "array" && Cur == '{') ReadRawScript();
        var rows = new List<Node[]>();
        var row = new List<Node>();
        while (true)
        {
            SkipWs();
            if (PeekCommand() == "end")
            {
                ReadCommand();
                ReadRawScript();
                if (row.Count > 0) rows.Add([.. row]);
                break;
            }
            if (AtEnd) throw Fail("unterminated matrix");
            row.Add(ParseItem());
            SkipWs();
            if (Cur == '&') { _p++; continue; }
            if (Cur == '\\' && At(1) == '\\') { _p += 2; rows.Add([.. row]); row = []; continue; }
            if (PeekCommand() == "end") continue;
            throw Fail("bad matrix cell");
        }
        if (rows.Count == 0 || rows.Any(r => r.Length != rows[0].Length)) throw Fail("ragged matrix");
        return new MatrixNode([.. rows]);
    }
}
