using System.Text.Json;
using System.Text.Json.Serialization;

namespace Enrichment.Pipeline.Messages;

/// <summary>Enrich one record: it is already a row in <c>Records</c>; the message only points at it.
/// <see cref="Attempt"/> counts the times Crossref was unavailable for it, since <see cref="UnavailableSince"/>.</summary>
public sealed record EnrichMessage(string UploadId, string RecordId, int Attempt = 0, DateTimeOffset? UnavailableSince = null);

/// <summary>Format the citations of one enriched record.</summary>
public sealed record FormatMessage(string UploadId, string RecordId);

/// <summary>The one JSON shape of queue messages: camelCase, what both trigger hosts deserialize.</summary>
public static class MessageJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize<T>(T message) => JsonSerializer.Serialize(message, Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"Empty {typeof(T).Name} message");
}
