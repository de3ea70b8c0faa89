using System.Text.Json;
using System.Text.Json.Serialization;

namespace Enrichment.Pipeline.Messages;

/// <summary>
/// Enrich a run of <see cref="Count"/> records of one upload, from <see cref="RecordId"/> on (row keys are
/// positions, so a run is a key range): they are already rows in <c>Records</c>; the message only points at
/// them. One message per run, not per record: with a message per record, ingest's queue sends took 199 of
/// its 220 s for 10,000 records, and every record cost a read, a write and a send per stage (bench/README.md).
/// <see cref="Attempt"/> counts the times Crossref was unavailable for them, since <see cref="UnavailableSince"/>.
/// </summary>
public sealed record EnrichMessage(string UploadId, string RecordId, int Attempt = 0, DateTimeOffset? UnavailableSince = null, int Count = 1)
    : IRecordRun;

/// <summary>Format the citations of a run of <see cref="Count"/> enriched records, from <see cref="RecordId"/> on.</summary>
public sealed record FormatMessage(string UploadId, string RecordId, int Count = 1) : IRecordRun;

/// <summary>A run of consecutive records of one upload, as a message names it.</summary>
public interface IRecordRun
{
    string UploadId { get; }

    string RecordId { get; }

    int Count { get; }
}

public static class RecordRuns
{
    /// <summary>The largest run one message names: one table transaction holds at most 100 rows.</summary>
    public const int MaxCount = 100;

    /// <summary>The row key of the run's last record.</summary>
    public static string LastRecordId(this IRecordRun run) =>
        Storage.RecordRow.TryIndexOf(run.RecordId, out var first)
            ? Storage.RecordRow.RecordIdFor(first + Math.Clamp(run.Count, 1, MaxCount) - 1)
            : run.RecordId;

    /// <summary>Every record id of the run, first to last; none when the run's first id is not a record id.</summary>
    public static IEnumerable<string> RecordIds(this IRecordRun run) =>
        Storage.RecordRow.TryIndexOf(run.RecordId, out var first)
            ? Enumerable.Range(first, run.Count).Select(Storage.RecordRow.RecordIdFor)
            : [];

    /// <summary>True when the run names records that can exist: an upload id, a numeric row key, a count within bounds.</summary>
    public static bool IsValid(this IRecordRun run) =>
        Stages.UploadIds.IsValid(run.UploadId)
        && run.RecordId is { Length: > 0 and <= 10 }
        && run.RecordId.AsSpan().ContainsAnyExceptInRange('0', '9') is false
        && run.Count is >= 1 and <= MaxCount;
}

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
