using Gvm.Reasoning.Tasks;

namespace Gvm.Reasoning.Tests.Tasks;

public class ArithDerivationTests
{
    private static readonly ArithProblem Problem = new(0, 3, "88+9-3+3=", @"88+9=97;97-3=94;94+3=97;\boxed{97}", 97);

    [Fact]
    public void The_reference_solution_of_every_generated_problem_is_a_correct_derivation()
    {
        var data = ArithDataset.Build(new ArithTaskOptions { Levels = 6, TrainSize = 2000, TestPerLevel = 50 });
        foreach (var p in data.Train.Concat(data.Test))
            Assert.Equal(new DerivationCheck(DerivationVerdict.Correct), ArithDerivation.Check(p, p.Solution));
    }

    [Theory]
    // Errors that cancel: the answer is right, the derivation is not (the case the outcome reward rewards).
    [InlineData(@"88+9=96;96-3=94;94+3=97;\boxed{97}", DerivationVerdict.WrongStep, 1)]
    [InlineData(@"88+9=97;97-3=94;94+3=96;\boxed{97}", DerivationVerdict.WrongStep, 3)]
    [InlineData(@"88+9=97;97+3=100;94+3=97;\boxed{97}", DerivationVerdict.WrongStep, 2)]  // wrong operator
    [InlineData(@"88+9=97;97-4=93;93+3=96;\boxed{96}", DerivationVerdict.WrongStep, 2)]   // wrong operand, consistent afterwards
    [InlineData(@"88+9=97;97-3=94;94+3=97;\boxed{98}", DerivationVerdict.WrongAnswer, 0)]
    [InlineData(@"88+9=97;97-3=94;\boxed{94}", DerivationVerdict.Malformed, 0)]            // a step missing
    [InlineData(@"88+9=97;97-3=94;94+3=97;\boxed{97", DerivationVerdict.Malformed, 0)]     // cut off
    [InlineData(@"88+9=97;97-3=94;94+3=097;\boxed{97}", DerivationVerdict.Malformed, 0)]   // a leading zero is not the task's format
    [InlineData(@"\boxed{97}", DerivationVerdict.Malformed, 0)]
    [InlineData("", DerivationVerdict.Malformed, 0)]
    [InlineData(";;;", DerivationVerdict.Malformed, 0)]
    [InlineData("=;+=;-1=;", DerivationVerdict.Malformed, 0)]
    public void Wrong_and_malformed_derivations_are_named(string response, DerivationVerdict verdict, int step)
    {
        Assert.Equal(new DerivationCheck(verdict, step), ArithDerivation.Check(Problem, response));
        Assert.False(ArithDerivation.Check(Problem, response).IsCorrect);
    }

    [Fact]
    public void Random_strings_over_the_alphabet_never_throw()
    {
        var random = new Random(5);
        var data = ArithDataset.Build(new ArithTaskOptions { Levels = 4, TrainSize = 50, TestPerLevel = 5 });
        for (var i = 0; i < 20_000; i++)
        {
            var p = data.Train[i % data.Train.Count];
            var source = i % 2 == 0 ? p.Solution : CharTokenizer.DefaultAlphabet;
            var chars = Enumerable.Range(0, random.Next(0, 40)).Select(_ => source[random.Next(source.Length)]).ToArray();
            var response = i % 3 == 0 ? Mutate(p.Solution, random) : new string(chars);
            var check = ArithDerivation.Check(p, response);
            Assert.Equal(response == p.Solution, check.IsCorrect);
        }
    }

    private static string Mutate(string s, Random random)
    {
        var chars = s.ToCharArray();
        var k = random.Next(chars.Length);
        chars[k] = CharTokenizer.DefaultAlphabet[random.Next(CharTokenizer.DefaultAlphabet.Length)];
        return new string(chars);
    }
}
