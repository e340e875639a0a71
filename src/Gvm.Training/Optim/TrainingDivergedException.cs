namespace Gvm.Training.Optim;

/// <summary>The loss was NaN or infinite: the run stops with exit code 3 keeping the last good checkpoint.</summary>
public sealed class TrainingDivergedException(int step, string what) : Exception($"step {step}: {what} is not finite")
{
    public int Step { get; } = step;
}
