using System.Text.Json;
using System.Text.Json.Serialization;
using Enrichment.Pipeline.Storage;

namespace Enrichment.Pipeline.Messages;

/// <summary>
/// The one message of the <c>enrich</c> and <c>format</c> queues (and their poison queues): a run of
/// <see cref="Count"/> consecutive records of one upload, from <see cref="RecordId"/> on (record ids are
/// positions, so a run is a key range). The records are already rows in <c>Records</c>; the message only points
/// at them. One message per run, not per record: with a message per record, ingest's queue sends took 199 of
/// its 220 s for 10,000 records, and every record cost a read, a write and a send per stage (bench/README.md).
/// On the enrich queue, <see cref="Attempt"/> counts the times Crossref was unavailable for them, since
/// <see cref="UnavailableSince"/>; Format ignores both.
/// </summary>
public sealed record RecordRun(string UploadId, string RecordId, int Count = 1, int Attempt = 0, DateTimeOffset? UnavailableSince = null)
{
    /// <summary>The W3C trace context of the span that sent the message: the stage that takes it continues that trace.</summary>
    public string? TraceParent { get; init; }

    public string? TraceState { get; init; }

    /// <summary>The largest run one message names: one table transaction holds at most 100 rows.</summary>
    public const int MaxCount = 100;

    /// <summary>One record's own run, carrying on this run's wait for Crossref.</summary>
    public RecordRun Single(string recordId) => this with { RecordId = recordId, Count = 1 };

    /// <summary>The record id of the run's last record.</summary>
    public string LastRecordId =>
        Storage.RecordIds.TryIndexOf(RecordId, out var first) ? Storage.RecordIds.For(first + Math.Clamp(Count, 1, MaxCount) - 1) : RecordId;

    /// <summary>Every record id of the run, first to last; none when the run's first id is not a record id.</summary>
    public IEnumerable<string> RecordIds() =>
        Storage.RecordIds.TryIndexOf(RecordId, out var first) ? Enumerable.Range(first, Count).Select(Storage.RecordIds.For) : [];

    /// <summary>True when the run names records that can exist: an upload id, a record id, a count within bounds.</summary>
    public bool IsValid => UploadIds.IsValid(UploadId) && Storage.RecordIds.IsValid(RecordId) && Count is >= 1 and <= MaxCount;

    /// <summary>The run's rows that exist (one range query).</summary>
    public Task<IReadOnlyList<RecordRow>> ReadAsync(RecordStore records, CancellationToken cancellationToken = default) =>
        records.RangeAsync(UploadId, RecordId, LastRecordId, cancellationToken);

    public override string ToString() => Count == 1 ? RecordId : $"{RecordId}..{LastRecordId}";
}

/// <summary>The one JSON shape of queue messages: camelCase, what both trigger hosts deserialize.</summary>
public static class MessageJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
    };

    public static string Serialize(RecordRun message) => JsonSerializer.Serialize(message, Options);

    public static RecordRun Deserialize(string json) =>
        JsonSerializer.Deserialize<RecordRun>(json, Options) ?? throw new JsonException("Empty message");
}
