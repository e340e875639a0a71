namespace Gvm.Cli;

/// <summary>
/// Diagnostic: with <c>GVM_GC_STRESS=1</c> a background thread forces a full collection and runs finalizers every
/// millisecond, so a TorchSharp scalar or tensor that is finalised while libtorch still uses it (see
/// Gvm.Training.Model.Scalars) fails within seconds instead of once in hours. For finding such bugs only; much slower.
/// </summary>
internal static class GcStress
{
    public const string Variable = "GVM_GC_STRESS";

    public static void StartIfAsked()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1") return;
        var thread = new Thread(() =>
        {
            while (true)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                Thread.Sleep(1);
            }
        }) { IsBackground = true, Name = "gc-stress" };
        thread.Start();
    }
}
