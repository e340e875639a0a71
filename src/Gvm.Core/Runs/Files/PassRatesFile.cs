using System.Text.Json;
using Gvm.Core.Inputs;

namespace Gvm.Core.Runs.Files;

/// <summary>One line of pass_rates.jsonl as read: how many of a prompt's stage-2 samples at one step were accepted.</summary>
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

/// <summary>
/// The codec of <see cref="RunFiles.PassRates"/>: one JSON object per prompt per RL step with
/// <c>step, prompt_id, level, samples, accepted</c> (accepted ≤ samples; a reader also takes a string prompt id).
/// </summary>
public static class PassRatesFile
{
    public const string Step = "step";
    public const string PromptId = "prompt_id";
    public const string Level = "level";
    public const string Samples = "samples";
    public const string Accepted = "accepted";

    /// <summary>One line and its newline (<paramref name="step"/>: the 0-based step the samples were drawn in).</summary>
    public static string Encode(int step, int promptId, int level, int samples, int accepted) =>
        RunFileLines.Line(w =>
        {
            w.WriteNumber(Step, step);
            w.WriteNumber(PromptId, promptId);
            w.WriteNumber(Level, level);
            w.WriteNumber(Samples, samples);
            w.WriteNumber(Accepted, accepted);
        });

    /// <summary>Every line (a torn last line is ignored; any other bad line is an <see cref="InputException"/>).</summary>
    public static IReadOnlyList<PassRateRecord> Parse(string text, string source) => RunFileLines.Parse(text, source, Decode);

    public static PassRateRecord Decode(JsonElement root, string source, int n)
    {
        var record = new PassRateRecord
        {
            Step = RunFileLines.Integer(root, Step, source, n)!.Value,
            PromptId = RunFileLines.Key(root, PromptId, source, n),
            Level = (int)RunFileLines.Integer(root, Level, source, n)!.Value,
            Samples = (int)RunFileLines.Integer(root, Samples, source, n)!.Value,
            Accepted = (int)RunFileLines.Integer(root, Accepted, source, n)!.Value,
        };
        if (record.Accepted > record.Samples)
            throw new InputException(source, n, Accepted, $"must be <= samples ({record.Samples}), got {record.Accepted}");
        return record;
    }
}
