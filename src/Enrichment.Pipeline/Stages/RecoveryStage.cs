using Azure.Storage.Blobs;
using Enrichment.Pipeline.Messages;
using Enrichment.Pipeline.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Enrichment.Pipeline.Stages;

/// <summary>
/// The last line of "no record vanishes": finds work that stopped moving (a message lost when storage
/// crashed, a host killed mid-ingest) and starts it again. Every stage is idempotent, so a record that was
/// merely slow is done twice and written once. A record restarted <see cref="PipelineOptions.MaxRecoveries"/>
/// times and still stalled (one that takes its host down whenever it is tried) fails with the reason.
/// </summary>
public sealed partial class RecoveryStage(
    RecordStore records,
    UploadStore uploads,
    UploadProgress progress,
    QueueSender queue,
    BlobServiceClient blobs,
    IngestStage ingest,
    TimeProvider clock,
    IOptions<PipelineOptions> options,
    ILogger<RecoveryStage> logger)
{
    /// <summary>Re-sends the message of every unfinished record untouched for longer than the stall time; re-reads stalled uploads.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = clock.GetUtcNow() - options.Value.StalledAfter;
        var resent = 0;
        await foreach (var stalled in records.StalledAsync(cutoff, cancellationToken).ConfigureAwait(false))
        {
            if (stalled.Recoveries >= options.Value.MaxRecoveries)
            {
                await FailAsync(stalled, cancellationToken).ConfigureAwait(false);
                continue;
            }

            // Count the restart first, so the next sweep leaves the record alone for another stall period.
            await records.NoteRecoveredAsync(stalled, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            if (stalled.Stage != RecordStage.Done)
            {
                await queue.SendAsync(stalled.Stage, new RecordRun(stalled.UploadId, stalled.RecordId), cancellationToken: cancellationToken).ConfigureAwait(false);
                resent++;
            }
        }

        resent += await RecoverUploadsAsync(cutoff, cancellationToken).ConfigureAwait(false);
        if (resent > 0)
        {
            LogRecovered(logger, resent, options.Value.StalledAfter.TotalMinutes);
        }

        return resent;
    }

    private async Task FailAsync(StalledRecord stalled, CancellationToken cancellationToken)
    {
        if (await records.GetAsync(stalled.UploadId, stalled.RecordId, cancellationToken).ConfigureAwait(false) is not { Completed: false } row)
        {
            return;
        }

        var step = row.Stage == RecordStage.Format ? PipelineStage.Format : PipelineStage.Enrich;
        await records.UpsertAsync(row.Failed(step, $"Restarted {stalled.Recoveries} times by the recovery sweep and never finished."), cancellationToken)
            .ConfigureAwait(false);
        await progress.NoteFinishedAsync(row.UploadId, [row.RecordId], cancellationToken).ConfigureAwait(false);
        LogGaveUp(logger, row.UploadId, row.RecordId, stalled.Recoveries);
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
            if (upload is { IsFinal: true })
            {
                continue;
            }

            if (upload?.Total is { } total)
            {
                var counts = await records.CountAsync(uploadId, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (counts.Rows >= total)
                {
                    // Counted from the records themselves, so a tally a crash kept from being written does not matter.
                    await progress.CompleteIfDoneAsync(uploadId, counts, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                // Rows are missing: read the file again (it skips the rows that exist and have moved on).
                await uploads.UpsertAsync(upload.Reread(), cancellationToken).ConfigureAwait(false);
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Record {UploadId}/{RecordId} failed: restarted {Recoveries} times and never finished")]
    private static partial void LogGaveUp(ILogger logger, string uploadId, string recordId, int recoveries);
}
