using System.Text.Json;
using Azure;
using Azure.Data.Tables;

namespace Enrichment.Pipeline.Storage;

/// <summary>The <c>Uploads</c> table: per upload, its row (<c>upload</c>) and one tally per block of 100 records (<c>tally-00000100</c>).</summary>
public sealed class UploadStore(TableServiceClient tables)
{
    private const string RowKey = "upload";
    private const string TallyPrefix = "tally-";

    // The row key just past every "tally-..." key ('.' follows '-').
    private const string TallyEnd = "tally.";

    private static readonly string[] TallyColumns = ["Rows", "Completed", "Counts"];

    private readonly TableClient _table = tables.GetTableClient(StorageNames.UploadsTable);

    public async Task UpsertAsync(UploadRow row, CancellationToken cancellationToken = default) =>
        await _table.UpsertEntityAsync(ToEntity(row), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);

    public async Task<UploadRow?> GetAsync(string uploadId, CancellationToken cancellationToken = default)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(uploadId, RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    /// <summary>
    /// Records the count of one block of an upload's records, unless a count already stored has as many finished
    /// records: finished records stay finished, so the larger count is the later one, whichever write lands last.
    /// </summary>
    public async Task WriteTallyAsync(string uploadId, string blockId, RecordCounts tally, CancellationToken cancellationToken = default)
    {
        var entity = new TableEntity(uploadId, TallyPrefix + blockId)
        {
            ["Rows"] = tally.Rows,
            ["Completed"] = tally.Completed,
            ["Counts"] = JsonSerializer.Serialize(tally.ByStatus),
        };
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var stored = await _table.GetEntityIfExistsAsync<TableEntity>(uploadId, entity.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            try
            {
                if (!stored.HasValue)
                {
                    await _table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                }
                else if ((stored.Value!.GetInt32("Completed") ?? 0) < tally.Completed)
                {
                    await _table.UpdateEntityAsync(entity, stored.Value.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }

                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another writer got there first: read its count and compare again.
            }
        }
    }

    /// <summary>The sum of an upload's block tallies: its finished records, by status.</summary>
    public async Task<RecordCounts> SumTalliesAsync(string uploadId, CancellationToken cancellationToken = default)
    {
        var sum = RecordCounts.Empty;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {uploadId} and RowKey ge {TallyPrefix} and RowKey lt {TallyEnd}");
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, 1000, TallyColumns, cancellationToken).ConfigureAwait(false))
        {
            var byStatus = JsonSerializer.Deserialize<Dictionary<string, int>>(entity.GetString("Counts") ?? "{}") ?? [];
            sum = sum.Plus(new RecordCounts(entity.GetInt32("Rows") ?? 0, entity.GetInt32("Completed") ?? 0, byStatus));
        }

        return sum;
    }

    private static TableEntity ToEntity(UploadRow row) => new(row.UploadId, RowKey)
    {
        ["BlobName"] = row.BlobName,
        ["FileName"] = row.FileName,
        ["ETag"] = row.ETag,
        ["Format"] = row.Format,
        ["Status"] = row.Status.Name(),
        ["Total"] = row.Total,
        ["Invalid"] = row.Invalid,
        ["StartedAt"] = row.StartedAt,
        ["ParsedAt"] = row.ParsedAt,
        ["FinishedAt"] = row.FinishedAt,
        ["Error"] = LargeText.Column(row.Error, 4000),
        ["Completed"] = row.Completed,
        ["Counts"] = row.Counts is null ? null : JsonSerializer.Serialize(row.Counts),
    };

    private static UploadRow FromEntity(TableEntity entity) => new()
    {
        UploadId = entity.PartitionKey,
        BlobName = entity.GetString("BlobName") ?? "",
        FileName = entity.GetString("FileName"),
        ETag = entity.GetString("ETag"),
        Format = entity.GetString("Format"),
        Status = StateNames.ParseUploadStatus(entity.GetString("Status")),
        Total = entity.GetInt32("Total"),
        Invalid = entity.GetInt32("Invalid") ?? 0,
        StartedAt = entity.GetDateTimeOffset("StartedAt") ?? default,
        ParsedAt = entity.GetDateTimeOffset("ParsedAt"),
        FinishedAt = entity.GetDateTimeOffset("FinishedAt"),
        Error = entity.GetString("Error"),
        Completed = entity.GetInt32("Completed"),
        Counts = entity.GetString("Counts") is { } counts ? JsonSerializer.Deserialize<Dictionary<string, int>>(counts) : null,
    };
}
