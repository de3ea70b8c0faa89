using Azure.Data.Tables;

namespace Enrichment.Pipeline.Storage;

/// <summary>The <c>Uploads</c> table.</summary>
public sealed class UploadStore(TableServiceClient tables)
{
    public const string RowKey = "upload";

    private readonly TableClient _table = tables.GetTableClient(StorageNames.UploadsTable);

    public TableClient Table => _table;

    public async Task UpsertAsync(UploadRow row, CancellationToken cancellationToken = default) =>
        await _table.UpsertEntityAsync(ToEntity(row), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);

    public async Task<UploadRow?> GetAsync(string uploadId, CancellationToken cancellationToken = default)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(uploadId, RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    private static TableEntity ToEntity(UploadRow row) => new(row.UploadId, RowKey)
    {
        ["BlobName"] = row.BlobName,
        ["ETag"] = row.ETag,
        ["Format"] = row.Format,
        ["Status"] = row.Status,
        ["Total"] = row.Total,
        ["Invalid"] = row.Invalid,
        ["StartedAt"] = row.StartedAt,
        ["ParsedAt"] = row.ParsedAt,
        ["FinishedAt"] = row.FinishedAt,
        ["Error"] = LargeText.Column(row.Error, 4000),
    };

    private static UploadRow FromEntity(TableEntity entity) => new()
    {
        UploadId = entity.PartitionKey,
        BlobName = entity.GetString("BlobName") ?? "",
        ETag = entity.GetString("ETag"),
        Format = entity.GetString("Format"),
        Status = entity.GetString("Status") ?? UploadStatus.Parsing,
        Total = entity.GetInt32("Total"),
        Invalid = entity.GetInt32("Invalid") ?? 0,
        StartedAt = entity.GetDateTimeOffset("StartedAt") ?? default,
        ParsedAt = entity.GetDateTimeOffset("ParsedAt"),
        FinishedAt = entity.GetDateTimeOffset("FinishedAt"),
        Error = entity.GetString("Error"),
    };
}
