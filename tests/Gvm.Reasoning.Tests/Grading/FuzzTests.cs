using Gvm.Reasoning.Grading;

namespace Gvm.Reasoning.Tests.Grading;

/// <summary>Random token soup: every comparison ends in a verdict, never in an internal exception.</summary>
public class FuzzTests
{
    [Fact]
    public void Random_latex_never_hits_an_internal_error()
    {
        string[] toks = ["1", "2", "0", "x", "y", "e", "i", "\\pi", "\\infty", "+", "-", "*", "/", "^", "_", "(", ")", "[", "]", "{", "}", "\\{", "\\}",
            ",", ";", ":", "=", "<", ">", "\\le", "\\ne", "\\approx", "!", "|", "\\frac", "\\sqrt", "\\pm", "\\cup", "\\sin", "\\log", "\\binom", "%", "\\%",
            "\\text{cm}", "\\text{and}", "\\begin{pmatrix}", "\\end{pmatrix}", "&", "\\\\", "\\left(", "\\right)", ".", " ", "$", "\\boxed{", "^\\circ",
            "f(", "\\lfloor", "\\rfloor", "\\overline{3}", "1,000", "and", "\\in", "\\mathbf{", "4.4e7", "\\cdot", "\\times"];
        var rng = new Random(7);
        var crashes = new List<string>();
        for (int n = 0; n < 3000; n++)
        {
            string Gen() => string.Concat(Enumerable.Range(0, rng.Next(1, 12)).Select(_ => toks[rng.Next(toks.Length)]));
            var a = Gen(); var b = rng.Next(3) == 0 ? a + " " : Gen();
            // Errors from caught framework exceptions are spelled "Type: message"; parse and budget errors are not.
            var r = MathGrader.Compare(a, b, GradeOptions.Default);
            if (r.Error is { } err && err.Contains("Exception:", StringComparison.Ordinal)) crashes.Add($"[{a}] vs [{b}]: {err}");
            MathGrader.Grade("so " + a, b);
        }
        Assert.True(crashes.Count == 0, string.Join("\n", crashes.Take(10)));
    }
}
