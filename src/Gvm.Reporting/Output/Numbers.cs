using System.Globalization;

namespace Gvm.Reporting.Output;

/// <summary>How the report writes numbers, intervals and p-values (invariant culture; "–" for a missing value).</summary>
public static class Numbers
{
    public static string Acc(double v) => double.IsNaN(v) ? "–" : v.ToString("0.000", CultureInfo.InvariantCulture);
    public static string Signed(double v) => double.IsNaN(v) ? "–" : v.ToString("+0.000;-0.000;0.000", CultureInfo.InvariantCulture);
    public static string Ratio(double v) => double.IsNaN(v) ? "–" : double.IsPositiveInfinity(v) ? "∞" : v.ToString("0.00", CultureInfo.InvariantCulture) + "×";
    public static string Pct(double level) => (level * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";
    public static string Num(double v) => double.IsNaN(v) ? "–"
        : Math.Abs(v) >= 1000 ? v.ToString("#,0", CultureInfo.InvariantCulture) : v.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>A p-value with three decimals ("&lt; 0.001" below), "–" when undefined.</summary>
    public static string P(double p) => double.IsNaN(p) ? "–" : p < 0.001 ? "< 0.001" : p.ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>
    /// "mean [low, high] (n = k)" with <paramref name="format"/> for the numbers; "mean (n = 1, no interval)" for one value,
    /// "n = 0" for none. Never a zero-width interval or a ± 0.
    /// </summary>
    public static string Interval(int n, double mean, double low, double high, Func<double, string> format)
    {
        ArgumentNullException.ThrowIfNull(format);
        if (n <= 0 || double.IsNaN(mean)) return "n = 0";
        if (n == 1 || double.IsNaN(low) || double.IsNaN(high)) return $"{format(mean)} (n = {n}, no interval)";
        return $"{format(mean)} [{format(low)}, {format(high)}] (n = {n})";
    }
}
