namespace Gvm.Reporting.Curves;

/// <summary>An eval curve: accuracy <see cref="Y"/> at cost <see cref="X"/>, in the order evaluated (X non-decreasing).</summary>
public sealed record Curve
{
    public Curve(double[] x, double[] y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Length != y.Length) throw new ArgumentException($"x has {x.Length} points but y has {y.Length}", nameof(y));
        X = x;
        Y = y;
    }

    public double[] X { get; }
    public double[] Y { get; }
    public int Count => X.Length;
    public bool IsEmpty => X.Length == 0;

    public static readonly Curve Empty = new([], []);

    /// <summary>The same accuracies with the cost axis scaled by <paramref name="factor"/>.</summary>
    public Curve ScaleX(double factor) => new(X.Select(v => v * factor).ToArray(), (double[])Y.Clone());
}
