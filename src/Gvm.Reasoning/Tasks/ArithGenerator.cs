using System.Globalization;
using System.Text;

namespace Gvm.Reasoning.Tasks;

/// <summary>
/// Generates chains of <c>level</c> additions/subtractions (see docs/trainer.md): first operand in [10, 99], later
/// operands in [1, 9], '-' replaced by '+' when it would make the running total negative.
/// </summary>
public static class ArithGenerator
{
    public const int FirstMin = 10, FirstMax = 99, OperandMin = 1, OperandMax = 9;

    /// <summary>Draws one problem of the given level from <paramref name="random"/>.</summary>
    public static ArithProblem Generate(int id, int level, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(level, 1);
        ArgumentNullException.ThrowIfNull(random);
        var total = random.Next(FirstMin, FirstMax + 1);
        var prompt = new StringBuilder().Append(Num(total));
        var solution = new StringBuilder();
        for (var step = 0; step < level; step++)
        {
            var operand = random.Next(OperandMin, OperandMax + 1);
            var minus = random.Next(2) == 1 && total - operand >= 0;
            var next = minus ? total - operand : total + operand;
            var op = minus ? '-' : '+';
            prompt.Append(op).Append(Num(operand));
            solution.Append(Num(total)).Append(op).Append(Num(operand)).Append('=').Append(Num(next)).Append(';');
            total = next;
        }
        prompt.Append('=');
        solution.Append(@"\boxed{").Append(Num(total)).Append('}');
        return new ArithProblem(id, level, prompt.ToString(), solution.ToString(), total);
    }

    /// <summary>Recomputes the answer of a prompt such as "47+38-15=" (used to check generated data).</summary>
    public static int Evaluate(string prompt)
    {
        var body = prompt.TrimEnd('=');
        var total = 0;
        var sign = 1;
        var current = 0;
        foreach (var c in body)
        {
            if (char.IsAsciiDigit(c)) { current = current * 10 + (c - '0'); continue; }
            total += sign * current;
            current = 0;
            sign = c == '-' ? -1 : c == '+' ? 1 : throw new FormatException($"unexpected '{c}' in '{prompt}'");
        }
        return total + sign * current;
    }

    private static string Num(int v) => v.ToString(CultureInfo.InvariantCulture);
}
