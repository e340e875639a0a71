using System.Numerics;

namespace Gvm.Reasoning.Grading.Expressions;

/// <summary>Exact rational number with BigInteger parts, always reduced, denominator positive.</summary>
internal readonly struct BigRational : IEquatable<BigRational>
{
    public BigInteger Num { get; }
    public BigInteger Den { get; }

    public BigRational(BigInteger num, BigInteger den)
    {
        if (den.IsZero) throw new DivideByZeroException();
        if (den.Sign < 0) { num = -num; den = -den; }
        var g = BigInteger.GreatestCommonDivisor(num, den);
        if (!g.IsOne && !g.IsZero) { num /= g; den /= g; }
        Num = num;
        Den = num.IsZero ? BigInteger.One : den;
    }

    public static BigRational FromInt(BigInteger v) => new(v, BigInteger.One);
    public static readonly BigRational Zero = FromInt(0);
    public static readonly BigRational One = FromInt(1);

    public bool IsInteger => Den.IsOne;
    public bool IsZero => Num.IsZero;
    public int Sign => Num.Sign;

    /// <summary>True when the decimal expansion terminates (denominator has no prime factor other than 2 and 5).</summary>
    public bool IsTerminating
    {
        get
        {
            var d = Den;
            while (d.IsEven) d >>= 1;
            while ((d % 5).IsZero) d /= 5;
            return d.IsOne;
        }
    }

    public long BitSize => Num.GetBitLength() + Den.GetBitLength();

    public static BigRational operator +(BigRational a, BigRational b) => new(a.Num * b.Den + b.Num * a.Den, a.Den * b.Den);
    public static BigRational operator -(BigRational a, BigRational b) => new(a.Num * b.Den - b.Num * a.Den, a.Den * b.Den);
    public static BigRational operator *(BigRational a, BigRational b) => new(a.Num * b.Num, a.Den * b.Den);
    public static BigRational operator /(BigRational a, BigRational b) => new(a.Num * b.Den, a.Den * b.Num);
    public static BigRational operator -(BigRational a) => new(-a.Num, a.Den);

    public static BigRational Pow(BigRational b, int e)
    {
        if (e >= 0) return new(BigInteger.Pow(b.Num, e), BigInteger.Pow(b.Den, e));
        return new(BigInteger.Pow(b.Den, -e), BigInteger.Pow(b.Num, -e));
    }

    /// <summary>Value as a double; huge parts go through logarithms (underflow to 0 or overflow to infinity is fine).</summary>
    public double ToDouble()
    {
        if (Num.GetBitLength() < 1000 && Den.GetBitLength() < 1000) return (double)Num / (double)Den;
        if (Num.IsZero) return 0;
        return Num.Sign * Math.Exp(BigInteger.Log(BigInteger.Abs(Num)) - BigInteger.Log(Den));
    }

    public bool Equals(BigRational other) => Num == other.Num && Den == other.Den;
    public override bool Equals(object? obj) => obj is BigRational r && Equals(r);
    public override int GetHashCode() => HashCode.Combine(Num, Den);
    public override string ToString() => Den.IsOne ? Num.ToString() : $"{Num}/{Den}";
}
