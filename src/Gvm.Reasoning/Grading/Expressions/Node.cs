namespace Gvm.Reasoning.Grading.Expressions;

/// <summary>
/// Parsed answer tree. Scalars (numbers, symbols, arithmetic, functions) and the structures of spec section 7
/// (tuples and intervals, sets, unions, matrices, relations, ratios, percentages, unordered lists).
/// </summary>
internal abstract class Node;

/// <summary>Exact literal; <see cref="IsDecimal"/> when written with a fractional part (an approximation, section 5).</summary>
internal sealed class NumNode(BigRational value, bool isDecimal) : Node
{
    public BigRational Value { get; } = value;
    public bool IsDecimal { get; } = isDecimal;
}

/// <summary>A free symbol: variable, subscripted variable, Greek letter or opaque base-subscript number (<c>#52_8</c>).</summary>
internal sealed class SymNode(string name) : Node
{
    public string Name { get; } = name;
}

internal enum Constant { Pi, E, I, Infinity }

internal sealed class ConstNode(Constant c) : Node
{
    public Constant Value { get; } = c;
}

/// <summary>Binary arithmetic: '+', '-', '*', '/', '^'.</summary>
internal sealed class BinNode(char op, Node left, Node right) : Node
{
    public char Op { get; } = op;
    public Node Left { get; } = left;
    public Node Right { get; } = right;
}

internal sealed class NegNode(Node x) : Node
{
    public Node X { get; } = x;
}

/// <summary>
/// Function application. Names: sin cos tan sec csc cot arcsin arccos arctan sinh cosh tanh ln log exp sqrt abs floor
/// ceil fact binom; unknown functions such as <c>f(x)</c> are named <c>f:NAME</c>. <see cref="Extra"/> is the log base,
/// the root index or the second binomial argument.
/// </summary>
internal sealed class FuncNode(string name, Node arg, Node? extra = null) : Node
{
    public string Name { get; } = name;
    public Node Arg { get; } = arg;
    public Node? Extra { get; } = extra;
}

/// <summary><c>a \pm b</c> (Left null for a leading <c>\pm b</c>); expands to two values (section 7.3).</summary>
internal sealed class PmNode(Node? left, Node right, bool minusFirst) : Node
{
    public Node? Left { get; } = left;
    public Node Right { get; } = right;
    public bool MinusFirst { get; } = minusFirst;
}

/// <summary>Bracketed comma list: an ordered tuple, and an interval when it has two items (brackets matter).</summary>
internal sealed class TupleNode(Node[] items, char open, char close) : Node
{
    public Node[] Items { get; } = items;
    public char Open { get; } = open;
    public char Close { get; } = close;
}

/// <summary><c>\{...\}</c> or a bare comma list: unordered, duplicates collapse.</summary>
internal sealed class SetNode(Node[] items, bool braced) : Node
{
    public Node[] Items { get; } = items;
    public bool Braced { get; } = braced;
}

internal sealed class UnionNode(Node[] parts) : Node
{
    public Node[] Parts { get; } = parts;
}

internal sealed class MatrixNode(Node[][] rows) : Node
{
    public Node[][] Rows { get; } = rows;
}

/// <summary>Relation chain <c>t0 op0 t1 op1 t2 ...</c>. Ops: "=", "&lt;", "&lt;=", "&gt;", "&gt;=", "!=", "~" (approx).</summary>
internal sealed class RelNode(Node[] terms, string[] ops) : Node
{
    public Node[] Terms { get; } = terms;
    public string[] Ops { get; } = ops;
}

/// <summary><c>a:b</c>, compared as an ordered pair (section 7.1).</summary>
internal sealed class RatioNode(Node[] parts) : Node
{
    public Node[] Parts { get; } = parts;
}

internal sealed class PercentNode(Node x) : Node
{
    public Node X { get; } = x;
}
