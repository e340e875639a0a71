using Gvm.Reasoning.Tasks;

namespace Gvm.Reasoning.Tests.Tasks;

public class ArithTaskTests
{
    private static readonly ArithTaskOptions Small = new() { Levels = 4, TrainSize = 2000, TestPerLevel = 100, DataSeed = 5 };

    [Fact]
    public void Problems_are_consistent_chains_with_a_boxed_answer()
    {
        var ds = ArithDataset.Build(Small);
        foreach (var p in ds.Train.Concat(ds.Test))
        {
            Assert.Equal(p.Answer, ArithGenerator.Evaluate(p.Prompt));
            Assert.EndsWith($@"\boxed{{{p.Answer}}}", p.Solution);
            Assert.Equal(p.Level, p.Solution.Count(c => c == ';'));
            Assert.InRange(p.Answer, 0, 495);
        }
    }

    [Fact]
    public void Splits_are_deterministic_disjoint_and_sized()
    {
        var a = ArithDataset.Build(Small);
        var b = ArithDataset.Build(Small);
        Assert.Equal(a.Train.Select(p => p.Prompt), b.Train.Select(p => p.Prompt));
        Assert.Equal(a.Test.Select(p => p.Prompt), b.Test.Select(p => p.Prompt));
        Assert.Equal(2000, a.Train.Count);
        Assert.Equal(400, a.Test.Count);
        Assert.All(Enumerable.Range(1, 4), l => Assert.Equal(100, a.Test.Count(p => p.Level == l)));
        var test = a.Test.Select(p => p.Prompt).ToHashSet();
        Assert.Equal(400, test.Count);
        Assert.DoesNotContain(a.Train, p => test.Contains(p.Prompt));
        var other = ArithDataset.Build(Small with { DataSeed = 6 });
        Assert.NotEqual(a.Test.Select(p => p.Prompt), other.Test.Select(p => p.Prompt));
    }

    [Fact]
    public void Level_mix_skews_the_train_pool()
    {
        var ds = ArithDataset.Build(Small with { LevelMix = [0.7, 0.2, 0.1, 0.0] });
        var counts = Enumerable.Range(1, 4).Select(l => ds.Train.Count(p => p.Level == l)).ToArray();
        Assert.Equal(0, counts[3]);
        Assert.True(counts[0] > counts[1] && counts[1] > counts[2]);
    }

    [Fact]
    public void Char_tokenizer_round_trips_and_stops_at_eos()
    {
        var tok = new CharTokenizer();
        Assert.Equal(25, tok.VocabSize);
        const string text = @"47+38=85;85-15=70;\boxed{70}";
        var ids = tok.Encode(text);
        Assert.Equal(text, tok.Decode(ids));
        Assert.Equal("47", tok.Decode([CharTokenizer.BosId, .. tok.Encode("47"), CharTokenizer.EosId, .. tok.Encode("9")]));
        Assert.Throws<ArgumentException>(() => tok.Encode("4*5"));
    }
}
