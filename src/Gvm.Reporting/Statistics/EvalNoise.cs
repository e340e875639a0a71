namespace Gvm.Reporting.Statistics;

/// <summary>Sampling noise of one evaluation on m independent problems.</summary>
public static class EvalNoise
{
    /// <summary>
    /// Standard error of an accuracy a measured on m problems, each solved independently with probability a:
    /// √(a(1 − a) / m), the binomial proportion's standard error. NaN for m ≤ 0 or a outside [0, 1].
    /// </summary>
    public static double StandardError(double accuracy, int problems) =>
        problems <= 0 || !(accuracy >= 0 && accuracy <= 1) ? double.NaN : Math.Sqrt(accuracy * (1 - accuracy) / problems);
}
