using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Gvm.Core.Runs;

namespace Gvm.Core;

/// <summary>One JSON convention for every file the project writes: snake_case names, enums as snake_case strings.</summary>
public static class GvmJson
{
    public static readonly JsonSerializerOptions Options = Create(indented: true);

    /// <summary>Single-line variant for JSON Lines files.</summary>
    public static readonly JsonSerializerOptions Line = Create(indented: false);

    private static JsonSerializerOptions Create(bool indented)
    {
        var o = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = null,
            WriteIndented = indented,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            // Strict reads of every file we own (specs, plans, checkpoint state): a key given twice or a null where
            // the type holds an object is an error naming the field, never a silent last-wins or a later crash.
            AllowDuplicateProperties = false,
            RespectNullableAnnotations = true,
        };
        o.Converters.Add(new AlgorithmJsonConverter());
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }

    private sealed class AlgorithmJsonConverter : JsonConverter<Algorithm>
    {
        public override Algorithm Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var s = reader.GetString();
            return AlgorithmNames.TryParse(s, out var a)
                ? a
                : throw new JsonException($"unknown algorithm '{s}'; supported: {string.Join(", ", AlgorithmNames.Names)}");
        }

        public override void Write(Utf8JsonWriter writer, Algorithm value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToName());
    }
}
