using Gvm.Training.Model;
using TorchSharp;

namespace Gvm.Training.Generation;

/// <summary>
/// Runs a generation with one intra-op thread when its decoding steps are small, and restores the thread count after.
/// A decoding step of the tiny preset is ~30 small GEMMs and attention calls; with 2 threads every one of them is an
/// OpenMP fork/join, and with the passive waiting the trainer sets (OMP_WAIT_POLICY=PASSIVE, see NativeThreading) each
/// join waits for a sleeping thread to be woken. Measured on the 2-core machine while it was otherwise idle: 64 × 64
/// tokens at 11-15k tokens/s with 1 thread against 3.4-6.3k with 2, and 256 rows at 12-15k against 4.8k (the process
/// used one core's worth of CPU time either way). Steps above <see cref="SingleThreadFlops"/> (a real model) keep the
/// configured threads.
/// </summary>
internal readonly struct DecodeThreads : IDisposable
{
    /// <summary>Largest decoding step (2 · parameters · rows FLOPs) that runs single-threaded: 1 GFLOP, ~20 ms on one core.</summary>
    public const double SingleThreadFlops = 1e9;

    private readonly int _restore;

    private DecodeThreads(int restore) => _restore = restore;

    public static DecodeThreads For(Qwen2ForCausalLM model, int rows)
    {
        if (model.Device.type != DeviceType.CPU) return default;
        var threads = torch.get_num_threads();
        if (threads <= 1 || 2.0 * model.Config.ParameterCount * rows > SingleThreadFlops) return default;
        torch.set_num_threads(1);
        return new DecodeThreads(threads);
    }

    public void Dispose()
    {
        if (_restore > 0) torch.set_num_threads(_restore);
    }
}
