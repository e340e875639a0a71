namespace Gvm.Core.Allocation.Files;

/// <summary>Per-prompt presampling statistics as columns (p_i, G_i and optional ids), in file order.</summary>
public sealed class PromptStatsTable
{
    private double[] _acceptRate;
    private double[] _gradNorm;
    private string?[]? _ids;

    public PromptStatsTable(int capacity = 1024)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _acceptRate = new double[Math.Max(capacity, 16)];
        _gradNorm = new double[_acceptRate.Length];
    }

    public int Count { get; private set; }

    public ReadOnlySpan<double> AcceptRate => _acceptRate.AsSpan(0, Count);

    public ReadOnlySpan<double> GradNorm => _gradNorm.AsSpan(0, Count);

    /// <summary>True when at least one record carried an "id".</summary>
    public bool HasIds => _ids is not null;

    /// <summary>The id of prompt <paramref name="index"/>, or its 0-based position when the record had none.</summary>
    public string IdAt(int index) => _ids?[index] ?? index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public void Add(double acceptRate, double gradNorm, string? id = null)
    {
        if (Count == _acceptRate.Length)
        {
            var size = checked(_acceptRate.Length * 2);
            Array.Resize(ref _acceptRate, size);
            Array.Resize(ref _gradNorm, size);
            if (_ids is not null) Array.Resize(ref _ids, size);
        }
        if (id is not null && _ids is null) _ids = new string?[_acceptRate.Length];
        _acceptRate[Count] = acceptRate;
        _gradNorm[Count] = gradNorm;
        if (_ids is not null) _ids[Count] = id;
        Count++;
    }
}
