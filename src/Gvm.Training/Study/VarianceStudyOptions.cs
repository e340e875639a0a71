using Gvm.Core.Runs;

namespace Gvm.Training.Study;

/// <summary>
/// Bad study input (a count, the train set size, a checkpoint or spec that cannot be studied); <see cref="Field"/> names
/// the spec field (study.shards, ...) or the command's option, and the command exits 2.
/// </summary>
public sealed class StudyInputException(string field, string message) : Gvm.Core.Inputs.InputException(null, 0, field, message);

/// <summary>Options of one variance study (the spec's <c>study</c> section plus the seed and the micro-batch size).</summary>
public sealed record VarianceStudyOptions
{
    public int Shards { get; init; } = 4;
    public int Prompts { get; init; } = 64;
    public int ReferenceSamples { get; init; } = 64;
    public int Repeats { get; init; } = 20;
    /// <summary>Seeds the shards (the data order) and every draw.</summary>
    public int Seed { get; init; } = 1;
    /// <summary>Sequences per forward/backward when computing a gradient (memory only; results do not depend on it
    /// beyond float rounding).</summary>
    public int MicroBatch { get; init; } = 64;

    public static VarianceStudyOptions From(StudyOptions? study, int seed)
    {
        var s = study ?? new StudyOptions();
        return new VarianceStudyOptions { Shards = s.Shards, Prompts = s.Prompts, ReferenceSamples = s.ReferenceSamples, Repeats = s.Repeats, Seed = seed };
    }

    public StudyOptions ToStudyOptions() => new() { Shards = Shards, Prompts = Prompts, ReferenceSamples = ReferenceSamples, Repeats = Repeats };

    /// <summary>Throws <see cref="StudyInputException"/> for the first bad value (spec field names: study.shards, ...).</summary>
    public VarianceStudyOptions Validate(int trainCount)
    {
        if (ToStudyOptions().Validate() is { Count: > 0 } errors) throw new StudyInputException(errors[0].Field, errors[0].Message);
        if (Seed < 0) throw new StudyInputException("seed", "must be >= 0");
        if (MicroBatch < 1) throw new StudyInputException("study.micro_batch", "must be >= 1");
        if ((long)Shards * Prompts > trainCount)
            throw new StudyInputException("study.shards",
                $"{Shards} shards × {Prompts} prompts = {(long)Shards * Prompts} is more than the {trainCount} train prompts (shards are disjoint)");
        return this;
    }
}
