namespace Gvm.Tracking.Journal;

/// <summary>
/// Appends records to a sweep's journal files. Thread-safe; each record is one write of a whole line followed by a
/// flush to the OS, so a crash leaves at most one incomplete last line, which readers ignore until it is complete.
/// Files stay open (shared for reading) until disposal.
/// </summary>
public sealed class JournalWriter : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, FileStream> _files = new(StringComparer.Ordinal);
    private bool _disposed;

    public JournalWriter(string sweepDir)
    {
        SweepDir = sweepDir;
        Directory.CreateDirectory(JournalPaths.Runs(sweepDir));
    }

    public string SweepDir { get; }

    public void AppendSweep(JournalRecord record) => Append(JournalPaths.Sweep(SweepDir), record);

    public void AppendRun(string runKey, JournalRecord record) => Append(JournalPaths.Run(SweepDir, runKey), record);

    private void Append(string path, JournalRecord record)
    {
        var bytes = JournalCodec.Encode(record);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_files.TryGetValue(path, out var fs))
            {
                fs = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
                RepairTail(fs, path);
                _files[path] = fs;
            }
            fs.Write(bytes);
            fs.Flush();
        }
    }

    /// <summary>
    /// A crash mid-line left a partial record: close it with <see cref="JournalReader.RemnantMarker"/> and a newline, so
    /// the next record starts clean and readers know the broken line for what it is (any other line that does not
    /// parse is damage, reported by push and export).
    /// </summary>
    private static void RepairTail(FileStream fs, string path)
    {
        if (fs.Length == 0) return;
        using var read = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        read.Seek(-1, SeekOrigin.End);
        if (read.ReadByte() != '\n') fs.Write(JournalReader.RemnantMarker);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            foreach (var fs in _files.Values) fs.Dispose();
            _files.Clear();
        }
    }
}
