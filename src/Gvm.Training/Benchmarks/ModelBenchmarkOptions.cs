using Gvm.Training.Devices;
using Gvm.Training.Model;

namespace Gvm.Training.Benchmarks;

/// <summary>Settings of <c>gvm bench model</c>. Defaults follow shared/docs/calibration.md.</summary>
public sealed record ModelBenchmarkOptions
{
    public string Preset { get; init; } = "tiny";
    public int VocabSize { get; init; } = 32;
    public string Device { get; init; } = "cpu";
    /// <summary>torch.set_num_threads; the reference machine has 2 cores.</summary>
    public int Threads { get; init; } = 2;
    /// <summary>Prompts per generation batch.</summary>
    public int GenerationBatch { get; init; } = 64;
    public int PromptLength { get; init; } = 16;
    public int NewTokens { get; init; } = 128;
    public int TrainBatch { get; init; } = 64;
    public int TrainSequenceLength { get; init; } = 96;
    public int TrainSteps { get; init; } = 10;
    /// <summary>Side of the square matrices of the reference matmul.</summary>
    public int MatmulSize { get; init; } = 1024;
    /// <summary>Iterations of the generate+train loop watched for resident-memory growth.</summary>
    public int MemorySteps { get; init; } = 1000;
    public ulong Seed { get; init; } = 1;

    public ModelBenchmarkOptions Validate()
    {
        Qwen2Presets.ByName(Preset, VocabSize);
        if (!ComputeDevice.Names.Contains(Device))
            throw new ArgumentException($"unknown device '{Device}'; supported: {string.Join(", ", ComputeDevice.Names)}", nameof(Device));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Threads, nameof(Threads));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(GenerationBatch, nameof(GenerationBatch));
        ArgumentOutOfRangeException.ThrowIfLessThan(PromptLength, 2, nameof(PromptLength));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(NewTokens, nameof(NewTokens));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(TrainBatch, nameof(TrainBatch));
        ArgumentOutOfRangeException.ThrowIfLessThan(TrainSequenceLength, 2, nameof(TrainSequenceLength));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(TrainSteps, nameof(TrainSteps));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MatmulSize, nameof(MatmulSize));
        ArgumentOutOfRangeException.ThrowIfNegative(MemorySteps, nameof(MemorySteps));
        return this;
    }
}

/// <summary>One row of the benchmark table.</summary>
public sealed record BenchmarkRow(string Measure, string Value, string Note);
