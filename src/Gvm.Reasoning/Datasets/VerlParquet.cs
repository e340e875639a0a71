using System.Collections;
using System.Globalization;
using Gvm.Reasoning.Prompts;
using Parquet.Serialization;

namespace Gvm.Reasoning.Datasets;

/// <summary>
/// Parquet files in verl's RL data layout (as written by verl's and GVM's data_preprocess scripts):
/// <c>data_source</c> (string), <c>prompt</c> (list of <c>{role, content}</c>), <c>ability</c>,
/// <c>reward_model</c> (<c>{style, ground_truth}</c>) and <c>extra_info</c> (<c>{split, index, ...}</c>).
/// Extra columns and extra <c>extra_info</c> fields are ignored.
/// </summary>
public static class VerlParquet
{
    public static async Task<IReadOnlyList<MathProblem>> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        await using var stream = File.OpenRead(path);
        var result = await ParquetSerializer.DeserializeUntypedAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        var problems = new List<MathProblem>(result.Data.Count);
        int row = 0;
        foreach (var record in result.Data)
        {
            row++;
            problems.Add(ParseRow(path, row, record));
        }
        return problems;
    }

    private static MathProblem ParseRow(string path, int row, IDictionary record)
    {
        var dataSource = Get(record, "data_source") as string ?? "";
        var promptObj = Get(record, "prompt");
        if (promptObj is not IEnumerable promptList || promptObj is string)
            throw new DatasetFormatException(path, row, "prompt", "missing or not a list of chat messages");
        var messages = new List<ChatMessage>();
        foreach (var item in promptList)
        {
            if (Get(item, "role") is not string role || Get(item, "content") is not string content)
                throw new DatasetFormatException(path, row, "prompt", "each message needs string role and content");
            messages.Add(new ChatMessage(role, content));
        }
        var reward = Get(record, "reward_model");
        if (reward is not IDictionary)
            throw new DatasetFormatException(path, row, "reward_model", "missing or not a struct");
        var gold = Get(reward, "ground_truth") switch
        {
            string g => g,
            null => throw new DatasetFormatException(path, row, "reward_model.ground_truth", "missing"),
            var other => Convert.ToString(other, CultureInfo.InvariantCulture)!,
        };
        string id = row.ToString(CultureInfo.InvariantCulture);
        if (Get(Get(record, "extra_info"), "index") is { } index)
            id = Convert.ToString(index, CultureInfo.InvariantCulture)!;
        var user = messages.LastOrDefault(m => m.Role == "user")?.Content
            ?? throw new DatasetFormatException(path, row, "prompt", "no user message");
        return new MathProblem(id, MathPromptTemplate.ProblemOf(user), gold, dataSource) { Prompt = messages };
    }

    private static object? Get(object? dict, string key) =>
        dict is IDictionary d && d.Contains(key) ? d[key] : null;

    /// <summary>Writes problems in verl's layout (prompt built with <see cref="MathPromptTemplate"/> unless stored).</summary>
    public static async Task WriteAsync(string path, IEnumerable<MathProblem> problems, string split = "train", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(problems);
        var rows = problems.Select((p, i) => new VerlRow
        {
            DataSource = p.DataSource,
            Prompt = [.. p.ChatPrompt().Select(m => new VerlMessage { Role = m.Role, Content = m.Content })],
            Ability = "math",
            RewardModel = new VerlReward { Style = "rule", GroundTruth = p.Answer },
            ExtraInfo = new VerlExtraInfo { Split = split, Index = i },
        }).ToList();
        await ParquetSerializer.SerializeAsync(rows, path, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
