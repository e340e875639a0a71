using System.Globalization;
using System.Text;

namespace Gvm.Tracking.Export;

/// <summary>Python's <c>repr(float)</c>, the form MLflow's FileStore writes metric values in (spec §5.4).</summary>
public static class PythonFloat
{
    /// <summary>
    /// Shortest round-trip digits; positional with at least ".0" when the decimal exponent is in [-4, 16), else
    /// "d.ddde±XX" (at least two exponent digits); "nan", "inf", "-inf".
    /// </summary>
    public static string Repr(double value)
    {
        if (double.IsNaN(value)) return "nan";
        if (double.IsPositiveInfinity(value)) return "inf";
        if (double.IsNegativeInfinity(value)) return "-inf";
        var negative = value < 0 || (value == 0 && double.IsNegative(value));
        if (value == 0) return negative ? "-0.0" : "0.0";
        var (digits, decpt) = ShortestDigits(Math.Abs(value));
        var sb = new StringBuilder(negative ? "-" : "");
        if (decpt > -4 && decpt <= 16)
        {
            if (decpt <= 0) sb.Append("0.").Append('0', -decpt).Append(digits);
            else if (decpt >= digits.Length) sb.Append(digits).Append('0', decpt - digits.Length).Append(".0");
            else sb.Append(digits, 0, decpt).Append('.').Append(digits, decpt, digits.Length - decpt);
        }
        else
        {
            sb.Append(digits[0]);
            if (digits.Length > 1) sb.Append('.').Append(digits, 1, digits.Length - 1);
            var exp = decpt - 1;
            sb.Append('e').Append(exp < 0 ? '-' : '+').Append(Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    /// <summary>Digits d1..dn without leading/trailing zeros and decpt with value = 0.d1..dn × 10^decpt.</summary>
    private static (string Digits, int DecimalPoint) ShortestDigits(double positive)
    {
        var r = positive.ToString("R", CultureInfo.InvariantCulture); // .NET Core 3.0+: shortest round-trip
        var e = r.IndexOfAny(['E', 'e']);
        var exponent = e < 0 ? 0 : int.Parse(r[(e + 1)..], CultureInfo.InvariantCulture);
        var mantissa = e < 0 ? r : r[..e];
        var dot = mantissa.IndexOf('.');
        var intLength = dot < 0 ? mantissa.Length : dot;
        var digits = mantissa.Replace(".", "", StringComparison.Ordinal);
        var decpt = intLength + exponent;
        var lead = 0;
        while (lead < digits.Length - 1 && digits[lead] == '0') lead++;
        digits = digits[lead..].TrimEnd('0');
        return (digits.Length == 0 ? "0" : digits, decpt - lead);
    }
}
