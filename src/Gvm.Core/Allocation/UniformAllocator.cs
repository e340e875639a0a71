namespace Gvm.Core.Allocation;

/// <summary>The RAFT++ / GRPO baseline: the same number of samples for every prompt.</summary>
public static class UniformAllocator
{
    /// <summary>n_i = <paramref name="samplesPerPrompt"/> for each of <paramref name="promptCount"/> prompts.</summary>
    public static int[] Allocate(int promptCount, int samplesPerPrompt)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(promptCount);
        ArgumentOutOfRangeException.ThrowIfNegative(samplesPerPrompt);
        var result = new int[promptCount];
        result.AsSpan().Fill(samplesPerPrompt);
        return result;
    }

    /// <summary>An even split of <paramref name="budget"/> (the first budget mod count prompts get one more).</summary>
    public static int[] Split(int promptCount, int budget)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(promptCount);
        ArgumentOutOfRangeException.ThrowIfNegative(budget);
        var result = new int[promptCount];
        if (promptCount == 0) return result;
        var (each, extra) = Math.DivRem(budget, promptCount);
        for (var i = 0; i < promptCount; i++) result[i] = each + (i < extra ? 1 : 0);
        return result;
    }
}
