namespace Gvm.Reasoning.Tasks;

/// <summary>
/// Deterministic train/test splits of the built-in task. The test split (per level, distinct prompts) is drawn
/// first from its own seeded stream; the train pool is drawn from a second stream and never repeats a test prompt.
/// </summary>
public sealed class ArithDataset
{
    public ArithTaskOptions Options { get; }
    public IReadOnlyList<ArithProblem> Train { get; }
    public IReadOnlyList<ArithProblem> Test { get; }

    private ArithDataset(ArithTaskOptions options, IReadOnlyList<ArithProblem> train, IReadOnlyList<ArithProblem> test)
    {
        Options = options;
        Train = train;
        Test = test;
    }

    public static ArithDataset Build(ArithTaskOptions options)
    {
        options.Validate();
        var testRandom = new Random(HashCode32(options.DataSeed, 1));
        var test = new List<ArithProblem>();
        var testPrompts = new HashSet<string>(StringComparer.Ordinal);
        for (var level = 1; level <= options.Levels; level++)
        {
            var made = 0;
            var tries = 0;
            while (made < options.TestPerLevel)
            {
                if (++tries > options.TestPerLevel * 100)
                    throw new InvalidOperationException($"cannot draw {options.TestPerLevel} distinct level-{level} problems");
                var p = ArithGenerator.Generate(test.Count, level, testRandom);
                if (!testPrompts.Add(p.Prompt)) continue;
                test.Add(p);
                made++;
            }
        }

        var trainRandom = new Random(HashCode32(options.DataSeed, 2));
        var cumulative = CumulativeMix(options);
        var train = new List<ArithProblem>(options.TrainSize);
        while (train.Count < options.TrainSize)
        {
            var level = SampleLevel(cumulative, trainRandom.NextDouble());
            var p = ArithGenerator.Generate(train.Count, level, trainRandom);
            if (testPrompts.Contains(p.Prompt)) continue;
            train.Add(p);
        }
        return new ArithDataset(options, train, test);
    }

    private static double[] CumulativeMix(ArithTaskOptions o)
    {
        var w = o.LevelMix ?? Enumerable.Repeat(1.0, o.Levels).ToArray();
        var total = w.Sum();
        var c = new double[w.Length];
        var acc = 0.0;
        for (var i = 0; i < w.Length; i++) { acc += w[i] / total; c[i] = acc; }
        return c;
    }

    private static int SampleLevel(double[] cumulative, double u)
    {
        for (var i = 0; i < cumulative.Length; i++)
            if (u < cumulative[i]) return i + 1;
        return cumulative.Length;
    }

    /// <summary>A stable seed mix (string.GetHashCode is randomised per process, so it is not used).</summary>
    private static int HashCode32(int seed, int stream) => unchecked((int)((uint)seed * 2654435761u ^ (uint)stream * 40503u));
}
