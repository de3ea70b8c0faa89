using System.Text.Json;

namespace Enrichment.Core.Agencies;

/// <summary>Reading the agencies' JSON leniently: a value of the wrong kind is absent, never an exception.</summary>
internal static class JsonRead
{
    /// <summary>A string (trimmed, null when blank) or a number's text; null for anything else or when missing.</summary>
    public static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => NullIfBlank(value.GetString()),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;

    public static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>The objects of an array property (other items skipped); empty when missing or not an array.</summary>
    public static IEnumerable<JsonElement> Objects(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.Object)
            : [];
}
