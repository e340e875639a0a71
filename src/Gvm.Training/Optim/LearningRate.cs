namespace Gvm.Training.Optim;

/// <summary>Learning-rate schedules (pure; nanoGPT get_lr style).</summary>
public static class LearningRate
{
    /// <summary>
    /// Linear warm-up over <paramref name="warmupSteps"/> (lr·(s+1)/w), then constant or cosine decay to 10% of the
    /// peak at <paramref name="totalSteps"/>: lr_min + ½(1 + cos(π·progress))·(lr − lr_min).
    /// </summary>
    public static double At(int step, double peak, int warmupSteps, int totalSteps, bool cosine)
    {
        if (warmupSteps > 0 && step < warmupSteps) return peak * (step + 1) / warmupSteps;
        if (!cosine) return peak;
        var min = 0.1 * peak;
        var span = Math.Max(1, totalSteps - warmupSteps);
        var progress = Math.Clamp((double)(step - warmupSteps) / span, 0, 1);
        return min + 0.5 * (1 + Math.Cos(Math.PI * progress)) * (peak - min);
    }
}
