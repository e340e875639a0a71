using System.Text;
using System.Text.Json;

namespace Gvm.Core.Inputs;

/// <summary>
/// Strict reading of JSON the user gives us: no duplicate keys, no comments, bounded depth, and every string valid
/// (invalid UTF-8 bytes and lone surrogate escapes such as <c>"\ud800"</c> are rejected at parse time, not when a
/// field is read later). Every failure is an <see cref="InputException"/> naming the file, line and JSON path.
/// </summary>
public static class JsonInput
{
    /// <summary>Options of every <see cref="JsonDocument"/> parse of user input.</summary>
    public static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowDuplicateProperties = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 64,
    };

    /// <summary>Parses one JSON value (a JSON Lines line or a whole file) and checks every string in it.</summary>
    /// <param name="line">The line of <paramref name="utf8"/> in <paramref name="file"/> (a JSON Lines line), or 0 for a whole file.</param>
    public static JsonDocument Parse(ReadOnlyMemory<byte> utf8, string? file, long line = 0)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(utf8, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw FromJson(e, file, line);
        }
        catch (InvalidOperationException e)
        {
            // The duplicate-key check decodes each key strictly: an escaped lone surrogate key ("\udc00") throws here.
            throw new InputException(file, line, "", $"a key is not valid text: {e.Message.TrimEnd('.')} (a lone surrogate escape such as \\udc00)", e);
        }
        try
        {
            CheckStrings(doc.RootElement, "$", file, line);
            return doc;
        }
        catch
        {
            doc.Dispose();
            throw;
        }
    }

    /// <summary>Parses text already decoded (strictly: see <see cref="JsonLinesInput"/>).</summary>
    public static JsonDocument Parse(string text, string? file, long line = 0)
    {
        byte[] bytes;
        try
        {
            bytes = StrictUtf8.GetBytes(text);
        }
        catch (EncoderFallbackException e)
        {
            throw new InputException(file, line, "", "the text holds an unpaired UTF-16 surrogate", e);
        }
        return Parse(bytes, file, line);
    }

    /// <summary>
    /// <see cref="JsonSerializer.Deserialize{TValue}(ReadOnlySpan{byte}, JsonSerializerOptions?)"/> of a whole file, with
    /// every failure (syntax, wrong type, null where an object is required, duplicate or unknown key, bad string) as an
    /// <see cref="InputException"/> naming the file, line, column and field path; a null document is an error too.
    /// </summary>
    public static T Deserialize<T>(ReadOnlySpan<byte> utf8, JsonSerializerOptions options, string? file) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(utf8, options) ?? throw new InputException(file, 0, "", "the document is null, expected a JSON object");
        }
        catch (JsonException e)
        {
            throw FromJson(e, file, 0);
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or ArgumentException or FormatException or OverflowException)
        {
            throw new InputException(file, 0, "", e.Message, e);
        }
    }

    /// <summary>Reads <paramref name="path"/> whole and deserializes it (see <see cref="Deserialize{T}(ReadOnlySpan{byte}, JsonSerializerOptions, string?)"/>).</summary>
    public static T Load<T>(string path, JsonSerializerOptions options) where T : class => Deserialize<T>(InputFiles.ReadAllBytes(path), options, path);

    /// <summary>A <see cref="JsonException"/> as an input error at its line, column and field (the JSON path without <c>$.</c>).</summary>
    public static InputException FromJson(JsonException e, string? file, long line)
    {
        var reason = e.Message;
        // System.Text.Json appends " Path: $.x | LineNumber: 0 | BytePositionInLine: 9." to its messages: the parts are ours to place.
        var cut = reason.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut > 0) reason = reason[..cut];
        var lineOut = line > 0 ? line : e.LineNumber is { } l ? l + 1 : 0;
        var column = line > 0 || e.LineNumber is not null ? (e.BytePositionInLine ?? -1) + 1 : 0;
        var field = FieldOf(e.Path);
        // The runtime's wording names .NET types; say what is wrong in the file's terms.
        if (reason.Contains("doesn't allow setting null values", StringComparison.Ordinal))
            reason = "must not be null";
        else if (reason.StartsWith("Duplicate property '", StringComparison.Ordinal) && reason.IndexOf('\'', 20) is > 20 and var close)
        {
            var name = reason[20..close];
            field = field.Length == 0 ? name : field + "." + name;
            reason = "appears twice (a duplicate key)";
        }
        else if (reason.StartsWith("The JSON property '", StringComparison.Ordinal) && reason.Contains("could not be mapped", StringComparison.Ordinal))
            reason = "unknown field (check its spelling)";
        else if (reason.StartsWith("The JSON value could not be converted to ", StringComparison.Ordinal))
            reason = $"has the wrong type or an invalid value (expected {TypeWord(reason["The JSON value could not be converted to ".Length..])})";
        return new InputException(file, lineOut, field, reason.TrimEnd('.'), e, column);
    }

    private static string TypeWord(string dotnetType) => dotnetType.TrimEnd('.') switch
    {
        "System.String" => "a string",
        "System.Int32" or "System.Int64" => "an integer",
        "System.Double" or "System.Single" => "a number",
        "System.Boolean" => "true or false",
        var t when t.EndsWith("[]", StringComparison.Ordinal) => "an array",
        var t when t.StartsWith("System.Nullable`1[[System.Int", StringComparison.Ordinal) => "an integer or null",
        var t when t.StartsWith("System.Nullable`1[[System.Double", StringComparison.Ordinal) => "a number or null",
        var t => t.StartsWith("Gvm.", StringComparison.Ordinal) ? "an object or one of the listed names" : t,
    };

    /// <summary><c>$.optim.lr</c> → <c>optim.lr</c>; <c>$</c> or null → empty.</summary>
    public static string FieldOf(string? jsonPath)
    {
        if (string.IsNullOrEmpty(jsonPath) || jsonPath == "$") return "";
        return jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath.TrimStart('$');
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Every property name and string value must decode: throws at the first that does not, naming its path.</summary>
    private static void CheckStrings(JsonElement element, string path, string? file, long line)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                Decode(element, path, file, line);
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException e)
                    {
                        throw new InputException(file, line, FieldOf(path), $"a key is not valid text ({e.Message.TrimEnd('.')})", e);
                    }
                    CheckStrings(property.Value, path + "." + name, file, line);
                }
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray()) CheckStrings(item, $"{path}[{i++}]", file, line);
                break;
        }
    }

    private static void Decode(JsonElement element, string path, string? file, long line)
    {
        string text;
        try
        {
            text = element.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            throw new InputException(file, line, FieldOf(path), $"not valid text: {e.Message.TrimEnd('.')} (invalid UTF-8 or a lone surrogate escape such as \\ud800)", e);
        }
        for (var k = 0; k < text.Length; k++)
        {
            if (char.IsHighSurrogate(text[k]) && k + 1 < text.Length && char.IsLowSurrogate(text[k + 1])) { k++; continue; }
            if (char.IsSurrogate(text[k]))
                throw new InputException(file, line, FieldOf(path), $"not valid text: a lone surrogate escape (\\u{(int)text[k]:x4}) at character {k + 1}");
        }
    }
}
