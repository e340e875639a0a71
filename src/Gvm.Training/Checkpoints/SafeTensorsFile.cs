using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using static TorchSharp.torch;

namespace Gvm.Training.Checkpoints;

/// <summary>One tensor's entry in a safetensors header; offsets are relative to the start of the data section.</summary>
public sealed record SafeTensorEntry(string Name, SafeTensorDtype Dtype, long[] Shape, long Begin, long End);

/// <summary>
/// The safetensors format: an 8-byte little-endian header length N, N bytes of JSON
/// (<c>{"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, "__metadata__": {..}}</c>),
/// then the raw little-endian tensor data. Written here from the format description, not from a library.
/// </summary>
public static class SafeTensorsFile
{
    private const long MaxHeaderBytes = 100L * 1024 * 1024;

    /// <summary>Writes <paramref name="tensors"/> converted to <paramref name="dtype"/> (the caller makes it atomic).</summary>
    public static void Write(string path, IReadOnlyList<(string Name, Tensor Tensor)> tensors, SafeTensorDtype dtype,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        var header = new Dictionary<string, object>();
        if (metadata is not null) header["__metadata__"] = metadata;
        long offset = 0;
        foreach (var (name, t) in tensors)
        {
            var bytes = t.numel() * dtype.ElementSize();
            header[name] = new { dtype = dtype.ToString(), shape = t.shape, data_offsets = new[] { offset, offset + bytes } };
            offset += bytes;
        }
        var json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header));
        var padded = (json.Length + 7) / 8 * 8; // the data section starts 8-byte aligned; pad with spaces (valid JSON)
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        Span<byte> lengthBytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(lengthBytes, padded);
        stream.Write(lengthBytes);
        stream.Write(json);
        for (var i = json.Length; i < padded; i++) stream.WriteByte((byte)' ');
        foreach (var (_, t) in tensors)
        {
            using var scope = NewDisposeScope();
            var host = t.detach().to_type(dtype.ToScalarType()).cpu().contiguous();
            stream.Write(host.bytes);
        }
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Reads the header. Returns the entries by name, the metadata and the absolute offset of the data section.</summary>
    public static (IReadOnlyDictionary<string, SafeTensorEntry> Entries, IReadOnlyDictionary<string, string> Metadata, long DataStart) ReadHeader(string path)
    {
        using var stream = Gvm.Core.Inputs.InputFiles.OpenRead(path); // a directory or an unreadable file: an input error naming it
        Span<byte> lengthBytes = stackalloc byte[8];
        if (stream.Read(lengthBytes) != 8) throw new CheckpointException($"{path}: not a safetensors file (shorter than 8 bytes)");
        var length = BinaryPrimitives.ReadInt64LittleEndian(lengthBytes);
        if (length <= 0 || length > MaxHeaderBytes || 8 + length > stream.Length)
            throw new CheckpointException($"{path}: invalid safetensors header length {length} (file is {stream.Length} bytes)");
        var json = new byte[length];
        stream.ReadExactly(json);
        var dataLength = stream.Length - 8 - length;
        var entries = new Dictionary<string, SafeTensorEntry>();
        var metadata = new Dictionary<string, string>();
        try
        {
            using var doc = JsonDocument.Parse(json);
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__")
                {
                    foreach (var m in property.Value.EnumerateObject()) metadata[m.Name] = m.Value.GetString() ?? "";
                    continue;
                }
                var dtype = SafeTensorDtypes.Parse(property.Value.GetProperty("dtype").GetString() ?? "");
                var shape = property.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
                var offsets = property.Value.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
                var expected = shape.Aggregate(1L, (a, d) => a * d) * dtype.ElementSize();
                if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] > dataLength || offsets[1] - offsets[0] != expected)
                    throw new CheckpointException($"{path}: tensor '{property.Name}': data_offsets [{string.Join(", ", offsets)}] do not hold {expected} bytes of {dtype} [{string.Join(", ", shape)}] within {dataLength} data bytes");
                entries[property.Name] = new SafeTensorEntry(property.Name, dtype, shape, offsets[0], offsets[1]);
            }
        }
        // FormatException: a shape or offset that is not an integer within Int64 (1e400, 0.5).
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException or FormatException)
        {
            throw new CheckpointException($"{path}: malformed safetensors header: {e.Message}", e);
        }
        return (entries, metadata, 8 + length);
    }

    /// <summary>Reads one tensor onto the CPU in its stored dtype.</summary>
    public static Tensor ReadTensor(FileStream stream, SafeTensorEntry entry, long dataStart)
    {
        var bytes = new byte[entry.End - entry.Begin];
        stream.Seek(dataStart + entry.Begin, SeekOrigin.Begin);
        stream.ReadExactly(bytes);
        var t = empty(entry.Shape, entry.Dtype.ToScalarType());
        t.bytes = bytes;
        return t;
    }

    /// <summary>Reads every tensor of a file (small files and tests).</summary>
    public static Dictionary<string, Tensor> ReadAll(string path)
    {
        var (entries, _, dataStart) = ReadHeader(path);
        using var stream = File.OpenRead(path);
        return entries.Values.ToDictionary(e => e.Name, e => ReadTensor(stream, e, dataStart));
    }
}
