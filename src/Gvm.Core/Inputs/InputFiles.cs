using System.Text;
using System.Text.Unicode;

namespace Gvm.Core.Inputs;

/// <summary>
/// Opening input files and checking output paths, with every problem the user can fix (missing file, a directory
/// where a file is expected, a missing parent, no permission) as an <see cref="InputException"/> raised before any work
/// or any write.
/// </summary>
public static class InputFiles
{
    /// <summary>Opens <paramref name="path"/> for reading; <paramref name="option"/> names the option it came from, if any.</summary>
    public static FileStream OpenRead(string path, string? option = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path)) throw new InputException(path, 0, option, "is a directory, expected a file");
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 4096, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InputException(path, 0, option, "file not found", e);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new InputException(path, 0, option, $"cannot be read: {e.Message}", e);
        }
    }

    public static byte[] ReadAllBytes(string path, string? option = null)
    {
        using var stream = OpenRead(path, option);
        try
        {
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
        catch (IOException e)
        {
            throw new InputException(path, 0, option, $"cannot be read: {e.Message}", e);
        }
    }

    /// <summary>The whole file as text, strictly UTF-8 (a BOM is dropped).</summary>
    public static string ReadAllText(string path, string? option = null)
    {
        var bytes = ReadAllBytes(path, option).AsSpan();
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) bytes = bytes[3..];
        if (!Utf8.IsValid(bytes))
        {
            var line = 1 + bytes[..FirstInvalid(bytes)].Count((byte)'\n');
            var lineStart = bytes[..FirstInvalid(bytes)].LastIndexOf((byte)'\n') + 1;
            throw JsonLinesInput.InvalidUtf8(bytes[lineStart..], path, line);
        }
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>
    /// Checks that <paramref name="path"/> can receive a file: it is not a directory and its parent directory exists.
    /// Call before any work, so a bad path costs nothing and leaves nothing behind.
    /// </summary>
    public static string CheckOutputFile(string path, string option)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0) throw InputException.Option(option, "must not be empty");
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw InputException.Option(option, $"{path} is a directory, expected a file path");
        var parent = Path.GetDirectoryName(full);
        if (parent is not null && !Directory.Exists(parent))
            throw InputException.Option(option, File.Exists(parent)
                ? $"{path}: {parent} is a file, not a directory"
                : $"{path}: the directory {parent} does not exist");
        return full;
    }

    /// <summary>
    /// Checks that <paramref name="path"/> can be (or already is) a directory: it is not a file, and no existing
    /// ancestor is a file. Missing directories are created by the command later.
    /// </summary>
    public static string CheckOutputDirectory(string path, string option)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0) throw InputException.Option(option, "must not be empty");
        var full = Path.GetFullPath(path);
        for (var dir = full; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (Directory.Exists(dir)) return full;
            if (File.Exists(dir))
                throw InputException.Option(option, dir == full ? $"{path} is a file, expected a directory" : $"{path}: {dir} is a file, not a directory");
        }
        return full;
    }

    private static int FirstInvalid(ReadOnlySpan<byte> bytes)
    {
        var offset = 0;
        while (offset < bytes.Length && System.Text.Rune.DecodeFromUtf8(bytes[offset..], out _, out var n) == System.Buffers.OperationStatus.Done) offset += n;
        return offset;
    }
}
