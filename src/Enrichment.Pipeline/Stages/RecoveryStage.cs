using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Enrichment.Pipeline.Messages;
using Enrichment.Pipeline.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Enrichment.Pipeline.Stages;

/// <summary>
/// The last line of "no record vanishes": finds work that stopped moving (a message lost when storage
/// crashed, a host killed mid-ingest) and starts it again. Every stage is idempotent, so a record that was
/// merely slow is done twice and written once.
/// </summary>
public sealed partial class RecoveryStage(
    RecordStore records,
    UploadStore uploads,
    QueueSender queue,
    BlobServiceClient blobs,
    IngestStage ingest,
    TimeProvider clock,
    IOptions<PipelineOptions> options,
    ILogger<RecoveryStage> logger)
{
    private static readonly string[] StallColumns = ["PartitionKey", "RowKey", "Stage"];

    /// <summary>Re-sends the message of every unfinished record untouched for longer than the stall time; re-reads stalled uploads.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = clock.GetUtcNow() - options.Value.StalledAfter;
        var resent = 0;
        var filter = TableClient.CreateQueryFilter($"Completed eq false and Timestamp lt {cutoff}");
        await foreach (var row in records.QueryEntitiesAsync(filter, 1000, StallColumns, cancellationToken).ConfigureAwait(false))
        {
            // Touch the row first, so the next sweep leaves it alone for another stall period.
            await records.TouchAsync(row.PartitionKey, row.RowKey, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            switch (row.GetString("Stage"))
            {
                case RecordStage.Enrich:
                    await queue.SendAsync(new EnrichMessage(row.PartitionKey, row.RowKey), cancellationToken: cancellationToken).ConfigureAwait(false);
                    resent++;
                    break;
                case RecordStage.Format:
                    await queue.SendAsync(new FormatMessage(row.PartitionKey, row.RowKey), cancellationToken).ConfigureAwait(false);
                    resent++;
                    break;
            }
        }

        resent += await RecoverUploadsAsync(cutoff, cancellationToken).ConfigureAwait(false);
        if (resent > 0)
        {
            LogRecovered(logger, resent, options.Value.StalledAfter.TotalMinutes);
        }

        return resent;
    }

    /// <summary>
    /// Uploads whose rows are missing (storage lost writes in a crash) or that were never read are read again;
    /// uploads whose records are all done are marked completed.
    /// </summary>
    private async Task<int> RecoverUploadsAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var restarted = 0;
        var container = blobs.GetBlobContainerClient(StorageNames.UploadsContainer);
        await foreach (var item in container.GetBlobsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (item.Properties.LastModified is { } modified && modified > cutoff)
            {
                continue; // Fresh: the trigger has not had its chance yet.
            }

            var uploadId = UploadIds.For(item.Name, item.Properties.ETag?.ToString());
            var upload = await uploads.GetAsync(uploadId, cancellationToken).ConfigureAwait(false);
            if (upload is { Status: UploadStatus.Completed or UploadStatus.Failed })
            {
                continue;
            }

            if (upload?.Total is { } total)
            {
                var (rows, done, byStatus) = await records.CountAsync(uploadId, cancellationToken).ConfigureAwait(false);
                if (rows >= total)
                {
                    if (done >= total)
                    {
                        // Counted from the records themselves, so a tally a crash kept from being written does not matter.
                        var final = upload with { Status = UploadStatus.Completed, FinishedAt = clock.GetUtcNow(), Completed = done, Counts = byStatus };
                        await uploads.UpsertAsync(final, cancellationToken).ConfigureAwait(false);
                    }

                    continue;
                }

                // Rows are missing: read the file again (it skips the rows that exist and have moved on).
                await uploads.UpsertAsync(upload with { ParsedAt = null, Status = UploadStatus.Parsing }, cancellationToken).ConfigureAwait(false);
            }
            else if (upload is not null && upload.StartedAt > cutoff)
            {
                continue; // Being read right now.
            }

            await ingest.RunAsync(container.GetBlobClient(item.Name), cancellationToken).ConfigureAwait(false);
            restarted++;
        }

        return restarted;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recovery restarted {Count} stalled records or uploads (untouched for {Minutes} min)")]
    private static partial void LogRecovered(ILogger logger, int count, double minutes);
}
