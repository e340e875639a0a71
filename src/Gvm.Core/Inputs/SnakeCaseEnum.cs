using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gvm.Core.Inputs;

/// <summary>
/// A closed set of names as an enum: each value's snake_case name (as <see cref="GvmJson"/> writes it), a strict
/// parse (exact names only) and the one error text for a name outside the set, shared by spec reads, grid fields
/// and CLI options.
/// </summary>
public static class SnakeCaseEnum<T> where T : struct, Enum
{
    private static readonly T[] Values = Enum.GetValues<T>();

    /// <summary>Every name, in declaration order.</summary>
    public static readonly IReadOnlyList<string> Names = [.. Values.Select(v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()))];

    public static string Name(T value) => Names[Array.IndexOf(Values, value)];

    public static bool TryParse(string? name, out T value)
    {
        for (var i = 0; i < Names.Count; i++)
        {
            if (string.Equals(Names[i], name, StringComparison.Ordinal))
            {
                value = Values[i];
                return true;
            }
        }
        value = default;
        return false;
    }

    /// <summary>"unknown value 'x'; supported: a, b" (the text of every closed-set error).</summary>
    public static string Unknown(string? name) => $"unknown value '{name}'; supported: {string.Join(", ", Names)}";
}

/// <summary>
/// JSON converter of a closed set: writes the snake_case name and reads exactly one of the names, else a
/// <see cref="JsonException"/> with <see cref="SnakeCaseEnum{T}.Unknown"/> (an input error naming the field).
/// </summary>
public sealed class SnakeCaseEnumConverter<T> : JsonConverter<T> where T : struct, Enum
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
            throw new JsonException($"must be a string, one of: {string.Join(", ", SnakeCaseEnum<T>.Names)}");
        var name = reader.GetString();
        return SnakeCaseEnum<T>.TryParse(name, out var value) ? value : throw new JsonException(SnakeCaseEnum<T>.Unknown(name));
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteStringValue(SnakeCaseEnum<T>.Name(value));
}
