namespace Gvm.Core.Allocation;

/// <summary>The allocation constraints cannot be met (e.g. the budget is smaller than the per-prompt minimums and floors).</summary>
public sealed class AllocationException(string message, Exception? inner = null) : Exception(message, inner);
