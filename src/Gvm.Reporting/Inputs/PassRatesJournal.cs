using System.Text.Json;

namespace Gvm.Reporting.Inputs;

/// <summary>Reads pass_rates.jsonl ({"step", "prompt_id", "level", "samples", "accepted"} per line; accepted ≤ samples).</summary>
public static class PassRatesJournal
{
    public static async Task<IReadOnlyList<PassRateRecord>> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        var text = await JsonLines.ReadTextAsync(path, cancellationToken).ConfigureAwait(false);
        return Parse(text, path);
    }

    public static IReadOnlyList<PassRateRecord> Parse(string text, string source) => JsonLines.Parse(text, source, ParseLine);

    private static PassRateRecord ParseLine(JsonElement root, string source, int n)
    {
        var record = new PassRateRecord
        {
            Step = JsonLines.Integer(root, "step", source, n)!.Value,
            PromptId = JsonLines.PromptId(root, source, n),
            Level = (int)JsonLines.Integer(root, "level", source, n)!.Value,
            Samples = (int)JsonLines.Integer(root, "samples", source, n)!.Value,
            Accepted = (int)JsonLines.Integer(root, "accepted", source, n)!.Value,
        };
        if (record.Accepted > record.Samples)
            throw new ReportInputException(source, n, "accepted", $"must be <= samples ({record.Samples}), got {record.Accepted}");
        return record;
    }
}
