using Gvm.Core.Runs;

namespace Gvm.Training.Tasks;

/// <summary>The one dispatch from <c>task.kind</c> to its <see cref="ITrainingTask"/>.</summary>
public static class TrainingTasks
{
    public static readonly IReadOnlyList<string> Kinds = ["arith", "math"];

    /// <exception cref="RunSpecException">The spec does not fit the task (names the field).</exception>
    public static ITrainingTask Create(RunSpec spec, string source = "spec")
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Task.Kind switch
        {
            "arith" => new ArithTrainingTask(spec),
            "math" when spec.Algorithm.Info().Role == AlgorithmRole.Supervised =>
                throw new RunSpecException(source, "algorithm", $"{spec.Algorithm.ToName()} needs reference solutions; task.kind 'math' supports {Algorithms.RlNames(", ")}"),
            // Loading is file I/O only; the trainer loop is synchronous, so waiting here blocks nothing else.
            "math" => MathTrainingTask.LoadAsync(spec, source).GetAwaiter().GetResult(),
            _ => throw new RunSpecException(source, "task.kind", $"unknown kind '{spec.Task.Kind}'; supported: {string.Join(", ", Kinds)}"),
        };
    }
}
