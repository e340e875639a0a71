using Gvm.Reasoning.Grading;

namespace Gvm.Reasoning.Tests.Grading;

/// <summary>Full responses: extraction (spec section 3.1) followed by equivalence.</summary>
public class ResponseGradingTests
{
    [Theory]
        [InlineData(@"So we get $\boxed{12}$ as an intermediate. Then adding, the result is $\boxed{15}$.", @"12,15", true)]
        [InlineData(@"So we get $\boxed{12}$ as an intermediate. Then adding, the result is $\boxed{15}$.", @"12", false)]
        [InlineData(@"The answer is $\boxed{\frac{\sqrt{3}}{2}}$.", @"\frac{\sqrt3}{2}", true)]
        [InlineData(@"Thus \fbox{7} is the count.", @"7", true)]
        [InlineData(@"Thus the total is $\boxed 42$.", @"42", true)]
        [InlineData(@"We guess \boxed{3} first. Finally \boxed{\frac{1}{2", @"\frac12", false)]
        [InlineData(@"Result: \boxed{ }", @"0", false)]
        [InlineData(@"The roots are $\boxed{2}$, $\boxed{-3}$.", @"2,-3", true)]
        [InlineData(@"The roots are $\boxed{2}$ or $\boxed{-3}$.", @"2", false)]
        [InlineData(@"\boxed{2} \boxed{2}", @"2", true)]
        [InlineData(@"Final Answer: The final answer is $\frac{3}{4}$. I hope it is correct.", @"0.75", true)]
        [InlineData(@"Earlier we found $\boxed{7}$. Final Answer: The final answer is 8. I hope it is correct.", @"8", true)]
        [InlineData(@"final answer is $x=4$. I hope it is correct.", @"4", true)]
        [InlineData(@"Therefore the answer is 42.", @"42", true)]
        [InlineData(@"The answer is: 17 apples.", @"17", true)]
        [InlineData(@"answer: $\frac{2}{3}$", @"\frac23", true)]
        [InlineData(@"**Answer:** 99", @"99", true)]
        [InlineData(@"So the final answer is **12**.", @"12", true)]
        [InlineData(@"Step 1...
#### 1,250", @"1250", true)]
        [InlineData(@"Step 1...
#### -4", @"-4", true)]
        [InlineData(@"Step 1...
#### 45
The end", @"46", false)]
        [InlineData(@"I computed it and it equals 56 in total.", @"56", true)]
        [InlineData(@"We get $a+b=9$ at the end.", @"9", true)]
        [InlineData(@"Nothing to see here.", @"1", false)]
        [InlineData(@"The matrix is $\begin{pmatrix} 1 & 0 \\ 0 & 1 \end{pmatrix}$.", @"\begin{pmatrix}1&0\\0&1\end{pmatrix}", true)]
        [InlineData(@"<think>maybe 5</think> The answer is $\boxed{6}$", @"6", true)]
        [InlineData(@"So $x = \boxed{-\frac{1}{2}}$", @"-0.5", true)]
        [InlineData(@"Hence $\boxed{\text{(D)}}$.", @"\text{(D)}", true)]
        [InlineData(@"Hence $\boxed{D}$.", @"\text{(D)}", true)]
        [InlineData(@"Hence $\boxed{D}$.", @"\text{(C)}", false)]
        [InlineData(@"\boxed{x \in [1, 4]}", @"[1,4]", true)]
        [InlineData(@"The solutions are \boxed{(1,2)} and \boxed{(3,4)}", @"(3,4),(1,2)", true)]
        [InlineData(@"It is \boxed{50\%}", @"0.5", true)]
        [InlineData(@"It is \boxed{\$ 120}", @"120", true)]
    public void Grades_full_responses(string response, string gold, bool correct) =>
        Assert.Equal(correct, MathGrader.Grade(response, gold).Correct);
}
