namespace Gvm.Core.Runs;

/// <summary>
/// The files a run reads, checked before it starts (by <c>gvm plan</c>/<c>gvm sweep</c> for every run of a grid, so a
/// sweep never launches a run that must fail with exit 2): the math train file, the tokenizer, the starting checkpoint
/// and the benchmark directory. Relative paths resolve against the current directory, as the trainer's do.
/// </summary>
public static class RunInputs
{
    /// <param name="spec">A spec that passed <see cref="RunSpec.Validate"/>.</param>
    /// <param name="checkpointFromNeed">model.checkpoint is produced by a run this one needs (it does not exist yet).</param>
    /// <returns>(field, message) per missing file; empty when everything is there.</returns>
    public static IReadOnlyList<(string Field, string Message)> Missing(RunSpec spec, bool checkpointFromNeed)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var e = new List<(string, string)>();
        if (spec.Task.Kind == "math" && spec.Algorithm != Algorithm.Eval && spec.Task.TrainPath is { } train && !File.Exists(train))
            e.Add(("task.train_path", Directory.Exists(train) ? $"{train} is a directory, expected a JSON Lines or Parquet file" : $"file not found: {train}"));
        if (spec.Task.Tokenizer is { } tokenizer && !Directory.Exists(tokenizer))
            e.Add(("task.tokenizer", $"directory not found: {tokenizer}"));
        if (!checkpointFromNeed && spec.Model.Checkpoint is { } checkpoint)
        {
            if (!Directory.Exists(checkpoint)) e.Add(("model.checkpoint", $"directory not found: {checkpoint}"));
            else if (!File.Exists(Path.Combine(checkpoint, "config.json"))) e.Add(("model.checkpoint", $"{checkpoint} has no config.json (expected a Hugging Face model directory)"));
        }
        if (spec.Eval.DataDir is { } data && !Directory.Exists(data))
            e.Add(("eval.data_dir", $"directory not found: {data}"));
        return e;
    }
}
