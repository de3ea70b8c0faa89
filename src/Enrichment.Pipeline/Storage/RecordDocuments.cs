using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Enrichment.Pipeline.Storage;

/// <summary>
/// Documents too large for a row: a row whose entity would pass the entity limit (1 MiB) keeps its largest
/// documents in the <c>records</c> blob container instead (<c>SourceJson_Blob</c> names the blob), so nothing
/// is truncated.
/// </summary>
internal sealed class RecordDocuments(BlobServiceClient blobs)
{
    /// <summary>Entities stay under this many bytes (the service's limit is 1 MiB), with room for the flat columns.</summary>
    public const int EntityBudgetBytes = 900 * 1024;

    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(StorageNames.RecordsContainer);

    /// <summary>The row as an entity, its largest documents moved to blobs until it fits the entity budget.</summary>
    public async Task<TableEntity> ToStoredEntityAsync(RecordRow row, CancellationToken cancellationToken = default)
    {
        var entity = RecordColumns.ToEntity(row);
        foreach (var column in RecordColumns.Documents.OrderByDescending(c => LargeText.Read(entity, c)?.Length ?? 0))
        {
            if (RecordColumns.EstimateBytes(entity) <= EntityBudgetBytes)
            {
                break;
            }

            var text = LargeText.Read(entity, column);
            if (text is null)
            {
                continue;
            }

            var blobName = $"{row.UploadId}/{row.RecordId}/{column}.json";
            await _container.GetBlobClient(blobName).UploadAsync(BinaryData.FromString(text), overwrite: true, cancellationToken).ConfigureAwait(false);
            LargeText.Write(entity, column, null);
            entity[column + RecordColumns.BlobSuffix] = blobName;
        }

        return entity;
    }

    /// <summary>The row of an entity, with documents kept in blobs read back.</summary>
    public async Task<RecordRow> ResolveAsync(TableEntity entity, CancellationToken cancellationToken = default)
    {
        var row = RecordColumns.FromEntity(entity);
        foreach (var column in RecordColumns.Documents)
        {
            if (entity.GetString(column + RecordColumns.BlobSuffix) is not { } blobName)
            {
                continue;
            }

            var text = (await _container.GetBlobClient(blobName).DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content.ToString();
            row = column switch
            {
                RecordColumns.SourceJson => row with { SourceJson = text },
                RecordColumns.EnrichedJson => row with { EnrichedJson = text },
                RecordColumns.ProvenanceJson => row with { ProvenanceJson = text },
                _ => row with { DiscrepanciesJson = text },
            };
        }

        return row;
    }
}
