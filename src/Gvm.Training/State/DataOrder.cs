using Gvm.Core.Runs;

namespace Gvm.Training.State;

/// <summary>
/// The order in which train prompts are visited: one seeded permutation of the pool per epoch, so the prompt at
/// any cursor position is a pure function of (seed, cursor) and a resumed run sees the same prompts.
/// </summary>
public sealed class DataOrder(int poolSize, int seed)
{
    private readonly Dictionary<long, int[]> _epochs = new();

    public int this[long cursor]
    {
        get
        {
            var epoch = cursor / poolSize;
            if (!_epochs.TryGetValue(epoch, out var perm))
            {
                perm = Enumerable.Range(0, poolSize).ToArray();
                new Random(RunSeeds.Int(seed, epoch, RunSeeds.DataOrder)).Shuffle(perm);
                if (_epochs.Count > 4) _epochs.Clear();
                _epochs[epoch] = perm;
            }
            return perm[(int)(cursor % poolSize)];
        }
    }

    public int[] Take(long cursor, int count) => Enumerable.Range(0, count).Select(k => this[cursor + k]).ToArray();
}
