using Gvm.Core.Inputs;

namespace Gvm.Tracking.Journal;

/// <summary>A journal line that is not a record: where it is, and what else is bad in its file (exit 2 unless skipped).</summary>
public sealed class JournalFormatException(string file, long line, string message, Exception? inner = null)
    : InputException(file, line, null, message, inner);

/// <summary>A complete journal line that does not parse (never a crash remnant, which <see cref="JournalWriter"/> marks).</summary>
public readonly record struct JournalBadLine(string File, long Line, long Offset, string Error)
{
    public override string ToString() => $"{File}:{Line}: {Error}";
}
