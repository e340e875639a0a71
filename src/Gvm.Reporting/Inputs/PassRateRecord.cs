namespace Gvm.Reporting.Inputs;

/// <summary>One line of pass_rates.jsonl: how many of a prompt's stage-2 samples at one step were accepted.</summary>
public sealed record PassRateRecord
{
    public long Step { get; init; }
    public string PromptId { get; init; } = "";
    public int Level { get; init; }
    public int Samples { get; init; }
    public int Accepted { get; init; }

    /// <summary>a / n (NaN for a prompt with no samples).</summary>
    public double PassRate => Samples > 0 ? (double)Accepted / Samples : double.NaN;
}
