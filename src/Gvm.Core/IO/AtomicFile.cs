using System.Runtime.InteropServices;
using System.Text;

namespace Gvm.Core.IO;

/// <summary>
/// Writes whole files so that a reader, a crash or a power loss never sees half of one: temp file beside the target,
/// flushed to disk (fsync), renamed over the target, then the directory fsynced so the rename itself is durable. A
/// failed write removes its temp file. Callers that write user-named paths check them first
/// (<see cref="Inputs.InputFiles.CheckOutputFile"/>).
/// </summary>
public static class AtomicFile
{
    public static async Task WriteAllTextAsync(string path, string contents, CancellationToken cancellationToken = default)
    {
        var tmp = TempPathFor(path);
        try
        {
            await using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true))
            {
                await fs.WriteAsync(Encoding.UTF8.GetBytes(contents), cancellationToken).ConfigureAwait(false);
                await fs.FlushAsync(cancellationToken).ConfigureAwait(false);
                fs.Flush(flushToDisk: true);
            }
            Commit(tmp, path);
        }
        finally
        {
            DeleteQuietly(tmp);
        }
    }

    public static void WriteAllText(string path, string contents) =>
        WriteAllBytes(path, Encoding.UTF8.GetBytes(contents));

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var tmp = TempPathFor(path);
        try
        {
            using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                fs.Write(bytes);
                fs.Flush(flushToDisk: true);
            }
            Commit(tmp, path);
        }
        finally
        {
            DeleteQuietly(tmp);
        }
    }

    /// <summary>
    /// Runs <paramref name="write"/> against a temp file next to <paramref name="path"/> (a writer we do not control,
    /// such as torch's), fsyncs what it wrote, then renames it into place.
    /// </summary>
    public static void Write(string path, Action<string> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var tmp = TempPathFor(path);
        try
        {
            write(tmp);
            FlushFile(tmp);
            Commit(tmp, path);
        }
        finally
        {
            DeleteQuietly(tmp);
        }
    }

    /// <summary>fsync of a file written by someone else (it must exist).</summary>
    public static void FlushFile(string path)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        fs.Flush(flushToDisk: true);
    }

    /// <summary>
    /// fsync of a directory, so that renames and creations in it survive a power loss (POSIX: the rename is durable
    /// only once the directory is synced). A no-op where directories cannot be opened (Windows).
    /// </summary>
    public static void FlushDirectory(string directory)
    {
        if (OperatingSystem.IsWindows()) return;
        var fd = Open(directory, 0); // O_RDONLY: a directory opens read-only on Linux and macOS without O_DIRECTORY
        if (fd < 0) return; // nothing to sync (gone) or not permitted: the rename already happened
        try
        {
            Fsync(fd);
        }
        finally
        {
            Close(fd);
        }
    }

    private static void Commit(string tmp, string path)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new IOException($"{full}: is a directory, cannot be replaced by a file");
        File.Move(tmp, full, overwrite: true);
        FlushDirectory(Path.GetDirectoryName(full)!);
    }

    private static string TempPathFor(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        return $"{full}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
    }

    private static void DeleteQuietly(string tmp)
    {
        try
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
        catch (IOException)
        {
            // the temp file name is unique per write; a leftover is harmless and never read
        }
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);
}
