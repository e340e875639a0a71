using System.Globalization;

namespace Gvm.Reasoning.Tasks;

/// <summary>What <see cref="ArithDerivation.Check"/> found in a response.</summary>
public enum DerivationVerdict
{
    /// <summary>Every step restates the prompt's next operation on the running total and computes it right, and the
    /// boxed answer is the last total.</summary>
    Correct,
    /// <summary>The steps are well formed but one of them is wrong (wrong operand, operator or result).</summary>
    WrongStep,
    /// <summary>Every step is right but the boxed answer is not the last total.</summary>
    WrongAnswer,
    /// <summary>The response is not a chain of steps followed by <c>\boxed{n}</c>.</summary>
    Malformed,
}

/// <summary>The verdict and, for <see cref="DerivationVerdict.WrongStep"/>, the 1-based step that is wrong.</summary>
public readonly record struct DerivationCheck(DerivationVerdict Verdict, int Step = 0)
{
    public bool IsCorrect => Verdict == DerivationVerdict.Correct;
}

/// <summary>
/// Checks a response to a built-in chain problem step by step (the "derivation" reward, docs/trainer.md): a response
/// earns reward only if it is a correct derivation, so a lucky answer reached through wrong steps whose errors cancel
/// (<c>88+9=96;96-3=94;94+3=97;\boxed{97}</c>) earns nothing. The format is the task's chain of thought:
/// <c>a op b=c;</c> per step, where <c>a</c> is the running total (the first operand for step 1), <c>op b</c> is the
/// prompt's next operation, and <c>c</c> its result; then <c>\boxed{total}</c>. For this task that is exactly the
/// reference solution, so the check equals "the response is the reference chain"; it is written as a step check so
/// that it says which step failed.
/// </summary>
public static class ArithDerivation
{
    private const string BoxOpen = @"\boxed{";

    public static DerivationCheck Check(ArithProblem problem, string response)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(response);
        var (first, operations) = ParsePrompt(problem.Prompt);
        var parts = response.Split(';');
        if (parts.Length != operations.Count + 1) return new(DerivationVerdict.Malformed);

        var total = first;
        var wrongStep = 0;
        for (var k = 0; k < operations.Count; k++)
        {
            if (!TryParseStep(parts[k], out var a, out var op, out var b, out var c)) return new(DerivationVerdict.Malformed);
            var expected = operations[k].Op == '+' ? total + operations[k].Operand : total - operations[k].Operand;
            if (wrongStep == 0 && (a != total || op != operations[k].Op || b != operations[k].Operand || c != expected))
                wrongStep = k + 1;
            total = expected;
        }

        var last = parts[^1];
        if (!last.StartsWith(BoxOpen, StringComparison.Ordinal) || !last.EndsWith('}')) return new(DerivationVerdict.Malformed);
        var boxed = last[BoxOpen.Length..^1];
        if (!TryParseNumber(boxed, out var answer)) return new(DerivationVerdict.Malformed);
        if (wrongStep > 0) return new(DerivationVerdict.WrongStep, wrongStep);
        return answer == total ? new(DerivationVerdict.Correct) : new(DerivationVerdict.WrongAnswer);
    }

    /// <summary>"47+8-5=" → (47, [(+, 8), (-, 5)]).</summary>
    private static (int First, List<(char Op, int Operand)> Operations) ParsePrompt(string prompt)
    {
        var body = prompt.EndsWith('=') ? prompt[..^1] : prompt;
        var operations = new List<(char, int)>();
        var i = 0;
        var first = ReadNumber(body, ref i);
        while (i < body.Length)
        {
            var op = body[i++];
            if (op is not ('+' or '-')) throw new FormatException($"unexpected '{op}' in prompt '{prompt}'");
            operations.Add((op, ReadNumber(body, ref i)));
        }
        return (first, operations);

        static int ReadNumber(string s, ref int i)
        {
            var start = i;
            while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
            if (i == start) throw new FormatException($"expected a number at {start} in '{s}'");
            return int.Parse(s.AsSpan(start, i - start), CultureInfo.InvariantCulture);
        }
    }

    /// <summary>"47+8=55" → (47, '+', 8, 55); anything else is not a step.</summary>
    private static bool TryParseStep(string text, out int a, out char op, out int b, out int c)
    {
        a = b = c = 0;
        op = '\0';
        var eq = text.IndexOf('=');
        if (eq < 0) return false;
        var lhs = text[..eq];
        if (lhs.Length < 3) return false;
        var opAt = lhs.IndexOfAny(['+', '-'], 1);
        if (opAt < 0) return false;
        op = lhs[opAt];
        return TryParseNumber(lhs[..opAt], out a) && TryParseNumber(lhs[(opAt + 1)..], out b) && TryParseNumber(text[(eq + 1)..], out c);
    }

    /// <summary>A plain non-negative decimal without leading zeros (the task never writes "05"), at most 9 digits.</summary>
    private static bool TryParseNumber(string s, out int value)
    {
        value = 0;
        if (s.Length is 0 or > 9 || (s.Length > 1 && s[0] == '0')) return false;
        foreach (var ch in s)
        {
            if (!char.IsAsciiDigit(ch)) return false;
            value = value * 10 + (ch - '0');
        }
        return true;
    }
}
