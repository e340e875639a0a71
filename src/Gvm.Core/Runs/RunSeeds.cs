namespace Gvm.Core.Runs;

/// <summary>Seeds for the per-step random streams (stable across processes: no string hashing).</summary>
public static class RunSeeds
{
    public const int Sampling = 1, Presampling = 2, Shuffle = 3, DataOrder = 4, Init = 5;

    public static ulong Of(int seed, long step, int phase)
    {
        unchecked
        {
            var x = (ulong)seed * 0x9E3779B97F4A7C15UL ^ (ulong)step * 0xBF58476D1CE4E5B9UL ^ (ulong)phase * 0x94D049BB133111EBUL;
            x ^= x >> 31;
            x *= 0xD6E8FEB86659FD93UL;
            return x ^ (x >> 32);
        }
    }

    public static int Int(int seed, long step, int phase) => (int)(Of(seed, step, phase) & 0x7FFFFFFF);
}
