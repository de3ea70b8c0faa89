using Azure.Storage.Blobs;
using Enrichment.Core.Formats;
using Enrichment.Pipeline.Messages;
using Enrichment.Pipeline.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Enrichment.Pipeline.Stages;

/// <summary>
/// Reads an uploaded blob as a stream, writes one <c>Records</c> row per entry (invalid entries too, with
/// their line and reason), and sends one enrich message per run of valid records.
/// </summary>
public sealed partial class IngestStage(
    RecordStore records,
    UploadStore uploads,
    UploadProgress progress,
    QueueSender queue,
    TimeProvider clock,
    IOptions<PipelineOptions> options,
    PipelineMetrics metrics,
    ILogger<IngestStage> logger)
{
    private const int RowsPerWrite = 100;

    public async Task<UploadRow> RunAsync(BlobClient blob, CancellationToken cancellationToken = default)
    {
        using var activity = PipelineTelemetry.StartIngest(blob.Name);
        var properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var etag = properties.Value.ETag.ToString();
        var uploadId = UploadIds.For(blob.Name, etag);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["UploadId"] = uploadId, ["BlobName"] = blob.Name });

        var existing = await uploads.GetAsync(uploadId, cancellationToken).ConfigureAwait(false);
        if (existing?.ParsedAt is not null)
        {
            // The trigger fired again for a version already read: its rows and messages exist.
            LogAlreadyIngested(logger, blob.Name, uploadId);
            return existing;
        }

        var upload = new UploadRow
        {
            UploadId = uploadId,
            BlobName = blob.Name,
            FileName = UploadNames.FromMetadata(properties.Value.Metadata),
            ETag = etag,
            Status = UploadStatus.Parsing,
            StartedAt = existing?.StartedAt ?? clock.GetUtcNow(),
        };
        await uploads.UpsertAsync(upload, cancellationToken).ConfigureAwait(false);

        var download = await blob.OpenReadAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var detected = await FormatDetector.DetectAsync(blob.Name, download, leaveOpen: false, cancellationToken).ConfigureAwait(false);
        await using (detected.Content.ConfigureAwait(false))
        {
            if (detected.Detection.Format is not { } format)
            {
                // Not a file of references: the upload fails with the reason, and there is nothing to retry.
                upload = upload.Rejected(detected.Detection.Rejection ?? "not a file of references", clock.GetUtcNow());
                await uploads.UpsertAsync(upload, cancellationToken).ConfigureAwait(false);
                LogRejected(logger, blob.Name, uploadId, detected.Detection.Rejection ?? "");
                return upload;
            }

            var reader = ReferenceFormats.CreateReader(format);
            var reading = System.Diagnostics.Stopwatch.GetTimestamp();
            var (total, invalid) = await IngestAsync(uploadId, reader, detected.Content, cancellationToken).ConfigureAwait(false);
            metrics.Duration("ingest", System.Diagnostics.Stopwatch.GetElapsedTime(reading));
            metrics.EntriesRead(ReferenceFormats.Name(format), total - invalid, invalid);
            upload = upload.Parsed(ReferenceFormats.Name(format), total, invalid, clock.GetUtcNow());
        }

        await uploads.UpsertAsync(upload, cancellationToken).ConfigureAwait(false);
        LogIngested(logger, blob.Name, uploadId, upload.Total ?? 0, upload.Invalid);

        // Every record may have finished before the total was known (all invalid, or a fast pipeline).
        return await progress.CompleteIfDoneAsync(uploadId, cancellationToken: cancellationToken).ConfigureAwait(false) ?? upload;
    }

    private async Task<(int Total, int Invalid)> IngestAsync(string uploadId, IReferenceReader reader, Stream stream, CancellationToken cancellationToken)
    {
        var pending = new List<RecordRow>(RowsPerWrite);
        var total = 0;
        var invalid = 0;
        await foreach (var parsed in reader.ReadAsync(stream, cancellationToken).ConfigureAwait(false))
        {
            var row = RecordRow.Read(uploadId, total++, parsed);
            invalid += row.Status == RecordStatus.Invalid ? 1 : 0;
            pending.Add(row);
            if (pending.Count == RowsPerWrite)
            {
                await FlushAsync(pending, cancellationToken).ConfigureAwait(false);
            }
        }

        await FlushAsync(pending, cancellationToken).ConfigureAwait(false);
        return (total, invalid);
    }

    /// <summary>Writes rows first, then announces them: a message never points at a row that does not exist.</summary>
    private async Task FlushAsync(List<RecordRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        // Ingest may run again for the same blob version (a retried trigger, a recovery sweep): rows that
        // have moved on are left alone, so a second run never sets a record back.
        var existing = await records.StagesAsync(rows[0].UploadId, rows[0].RecordId, rows[^1].RecordId, cancellationToken).ConfigureAwait(false);
        var fresh = rows.Where(r => !existing.TryGetValue(r.RecordId, out var stage) || stage == RecordStage.Enrich).ToList();
        var writing = System.Diagnostics.Stopwatch.GetTimestamp();
        await records.UpsertBatchAsync(fresh, cancellationToken).ConfigureAwait(false);
        metrics.Duration("ingest.table", System.Diagnostics.Stopwatch.GetElapsedTime(writing));
        if (rows.Any(r => r.Completed))
        {
            // Invalid entries are finished as soon as they are read.
            await progress.NoteFinishedAsync(rows[0].UploadId, rows.Where(r => r.Completed).Select(r => r.RecordId), cancellationToken).ConfigureAwait(false);
        }

        var sending = System.Diagnostics.Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(
            Runs(fresh.Where(r => r.Status == RecordStatus.Parsed), options.Value.RecordsPerMessage),
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.SendParallelism, CancellationToken = cancellationToken },
            async (run, ct) => await queue.SendAsync(RecordStage.Enrich, run, cancellationToken: ct).ConfigureAwait(false))
            .ConfigureAwait(false);
        metrics.Duration("ingest.queue", System.Diagnostics.Stopwatch.GetElapsedTime(sending));
        rows.Clear();
    }

    /// <summary>
    /// One message per run of up to <paramref name="perMessage"/> positions (aligned, so a re-run names the same
    /// runs); a run may span invalid rows, which Enrich passes over.
    /// </summary>
    internal static IEnumerable<RecordRun> Runs(IEnumerable<RecordRow> rows, int perMessage) =>
        rows.Select(r => (Row: r, Index: RecordIds.IndexOf(r.RecordId)))
            .GroupBy(r => (r.Row.UploadId, Block: r.Index / perMessage))
            .Select(block =>
            {
                var first = block.Min(r => r.Index);
                var last = block.Max(r => r.Index);
                return new RecordRun(block.Key.UploadId, RecordIds.For(first), Count: last - first + 1);
            });

    [LoggerMessage(Level = LogLevel.Information, Message = "Blob {BlobName} already ingested as upload {UploadId}; nothing to do")]
    private static partial void LogAlreadyIngested(ILogger logger, string blobName, string uploadId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload {BlobName} ({UploadId}) rejected: {Reason}")]
    private static partial void LogRejected(ILogger logger, string blobName, string uploadId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingested {BlobName} as upload {UploadId}: {Total} entries, {Invalid} invalid")]
    private static partial void LogIngested(ILogger logger, string blobName, string uploadId, int total, int invalid);
}
