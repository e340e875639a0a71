using System.Text.Json;

namespace Gvm.Reporting.Inputs;

/// <summary>Reads allocations.jsonl (iteration, step, prompt_id, level (optional), accept_rate, grad_norm, n per line).</summary>
public static class AllocationsJournal
{
    public static async Task<IReadOnlyList<AllocationRecord>> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        var text = await JsonLines.ReadTextAsync(path, cancellationToken).ConfigureAwait(false);
        return Parse(text, path);
    }

    public static IReadOnlyList<AllocationRecord> Parse(string text, string source) => JsonLines.Parse(text, source, ParseLine);

    private static AllocationRecord ParseLine(JsonElement root, string source, int n) => new()
    {
        Iteration = (int)JsonLines.Integer(root, "iteration", source, n)!.Value,
        Step = JsonLines.Integer(root, "step", source, n, required: false) ?? 0,
        PromptId = JsonLines.PromptId(root, source, n),
        Level = (int?)JsonLines.Integer(root, "level", source, n, required: false),
        AcceptRate = JsonLines.Number(root, "accept_rate", source, n),
        GradNorm = JsonLines.Number(root, "grad_norm", source, n),
        N = (int)JsonLines.Integer(root, "n", source, n)!.Value,
    };
}
