using System.Text.Json.Serialization;

namespace Gvm.Reasoning.Datasets;

// Typed rows for writing verl-layout Parquet; column names follow verl (snake_case) via JsonPropertyName.

internal sealed class VerlRow
{
    [JsonPropertyName("data_source")] public string DataSource { get; set; } = "";
    [JsonPropertyName("prompt")] public List<VerlMessage> Prompt { get; set; } = [];
    [JsonPropertyName("ability")] public string Ability { get; set; } = "math";
    [JsonPropertyName("reward_model")] public VerlReward RewardModel { get; set; } = new();
    [JsonPropertyName("extra_info")] public VerlExtraInfo ExtraInfo { get; set; } = new();
}

internal sealed class VerlMessage
{
    [JsonPropertyName("role")] public string Role { get; set; } = "";
    [JsonPropertyName("content")] public string Content { get; set; } = "";
}

internal sealed class VerlReward
{
    [JsonPropertyName("style")] public string Style { get; set; } = "rule";
    [JsonPropertyName("ground_truth")] public string GroundTruth { get; set; } = "";
}

internal sealed class VerlExtraInfo
{
    [JsonPropertyName("split")] public string Split { get; set; } = "train";
    [JsonPropertyName("index")] public long Index { get; set; }
}
