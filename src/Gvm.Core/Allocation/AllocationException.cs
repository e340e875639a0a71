using Gvm.Core.Inputs;

namespace Gvm.Core.Allocation;

/// <summary>
/// The budget cannot hold the floors and minimums the options ask for: bad input of <c>gvm allocate</c> (its options
/// and file) and, for a run, caught at spec validation (<see cref="GvmAllocationOptions.ValidateBudget"/>).
/// </summary>
public sealed class AllocationException(string message, Exception? inner = null) : InputException(null, 0, null, message, inner);
