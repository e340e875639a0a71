namespace Gvm.Reasoning.Tasks;

/// <summary>Sizes of the built-in task's splits. <see cref="LevelMix"/> null means uniform over levels.</summary>
public sealed record ArithTaskOptions
{
    public int Levels { get; init; } = 4;
    public int DataSeed { get; init; } = 1234;
    public int TrainSize { get; init; } = 20000;
    public int TestPerLevel { get; init; } = 200;
    public double[]? LevelMix { get; init; }

    public ArithTaskOptions Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Levels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(TrainSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(TestPerLevel, 1);
        if (LevelMix is not null && (LevelMix.Length != Levels || LevelMix.Any(w => w < 0 || !double.IsFinite(w)) || LevelMix.Sum() <= 0))
            throw new ArgumentException("level mix needs one non-negative weight per level, not all zero", nameof(LevelMix));
        return this;
    }
}
