using System.Numerics;

namespace Gvm.Reasoning.Grading.Expressions;

/// <summary>Number literals (exact, with scientific and base-subscript forms) and raw subscripts.</summary>
internal sealed partial class LatexParser
{
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
        else if (Cur == '.' && intEnd > start && (At(1) is '/' or '*' or ')' or '+' or '-' || string.CompareOrdinal(_s, _p + 1, Overline, 0, Overline.Length) == 0))
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
        if (exp == 0 && TryRepeatingDigits(fracEnd - fracStart, out var repeating))
        {
            value += repeating; // 0.1\overline{6} = 1/10 + 6/90: exact, not an approximation.
            isDecimal = false;
        }
        if (Cur == '_' && exp == 0 && !isDecimal)
        {
            // Base subscript (52_8): an opaque token compared by its spelling, no base conversion (section 10).
            _p++;
            return new SymNode("#" + _s[start..intEnd] + "_" + ReadRawScript());
        }
        return new NumNode(value, isDecimal);
    }

    private const string Overline = "\\overline{";

    /// <summary>A repeating block <c>\overline{ddd}</c> right after the decimal digits, as an exact rational.</summary>
    private bool TryRepeatingDigits(int fractionDigits, out BigRational repeating)
    {
        repeating = BigRational.Zero;
        if (string.CompareOrdinal(_s, _p, Overline, 0, Overline.Length) != 0) return false;
        int i = _p + Overline.Length, d0 = i;
        while (i < _s.Length && char.IsAsciiDigit(_s[i])) i++;
        int count = i - d0;
        if (count == 0 || count > 50 || i >= _s.Length || _s[i] != '}') return false;
        var block = BigInteger.Parse(_s.AsSpan(d0, count), System.Globalization.CultureInfo.InvariantCulture);
        repeating = new BigRational(block, Pow10(fractionDigits) * (Pow10(count) - 1));
        _p = i + 1;
        return true;
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
