using System.Text.Json;
using Enrichment.Core.Crossref;
using Enrichment.Core.Enrichment;
using Enrichment.Core.Formats.CslJson;
using Enrichment.Pipeline.Messages;
using Enrichment.Pipeline.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Enrichment.Pipeline.Stages;

/// <summary>
/// Looks a record's DOI up at Crossref, merges what Crossref has into the source record, and hands the record
/// to Format. When Crossref is unavailable the message is re-sent with a delay (not retried hot, which would
/// burn its dequeue count), and after <see cref="PipelineOptions.CrossrefMaxAttempts"/> the record fails with the reason.
/// </summary>
public sealed partial class EnrichStage(
    RecordStore records,
    QueueSender queue,
    ReferenceEnricher enricher,
    IOptions<PipelineOptions> options,
    PipelineMetrics metrics,
    TimeProvider clock,
    ILogger<EnrichStage> logger)
{
    public Task RunAsync(EnrichMessage message, CancellationToken cancellationToken = default) =>
        StageRun.RecordAsync("enrich", message.UploadId, message.RecordId, records, metrics, logger, () => RunCoreAsync(message, cancellationToken));

    private async Task RunCoreAsync(EnrichMessage message, CancellationToken cancellationToken)
    {
        var row = await records.GetAsync(message.UploadId, message.RecordId, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            throw new InvalidOperationException($"Record {message.UploadId}/{message.RecordId} does not exist");
        }

        if (row.Stage != RecordStage.Enrich)
        {
            // Already enriched (the message ran twice): send it on again, Format is idempotent too.
            if (row.Stage == RecordStage.Format)
            {
                await queue.SendAsync(new FormatMessage(row.UploadId, row.RecordId), cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        var source = CslJsonConvert.Deserialize(row.SourceJson ?? throw new InvalidOperationException("Record has no source JSON"));
        EnrichedRecord enriched;
        try
        {
            var lookup = System.Diagnostics.Stopwatch.GetTimestamp();
            enriched = await enricher.EnrichAsync(source, cancellationToken).ConfigureAwait(false);
            metrics.Duration("enrich.crossref", System.Diagnostics.Stopwatch.GetElapsedTime(lookup));
        }
        catch (CrossrefUnavailableException ex)
        {
            metrics.CrossrefLookup("unavailable");
            await RetryLaterAsync(message, row, ex, cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (CrossrefResponseException ex)
        {
            metrics.CrossrefLookup("unreadable");
            await FailAsync(row, $"Crossref: {ex.Message}", cancellationToken).ConfigureAwait(false);
            return;
        }

        var status = enriched.Status switch
        {
            EnrichmentStatus.Enriched => RecordStatus.Enriched,
            EnrichmentStatus.NotInCrossref => RecordStatus.NotFound,
            _ => RecordStatus.NoMatch,
        };
        metrics.CrossrefLookup(status);
        await CompleteAsync(row, enriched, status, string.IsNullOrEmpty(enriched.Reason) ? null : enriched.Reason, cancellationToken).ConfigureAwait(false);
        LogEnriched(logger, source.DoiText ?? source.Id, status, enriched.Discrepancies.Length);
    }

    private async Task CompleteAsync(RecordRow row, EnrichedRecord enriched, string status, string? note, CancellationToken cancellationToken)
    {
        var updated = IngestStage.WithColumns(row, enriched.Merged) with
        {
            Status = status,
            Stage = RecordStage.Format,
            EnrichedJson = CslJsonConvert.Serialize(enriched.Merged),
            ProvenanceJson = JsonSerializer.Serialize(enriched.FieldProvenance, JsonDefaults.Web),
            DiscrepanciesJson = enriched.Discrepancies.IsEmpty ? null : JsonSerializer.Serialize(enriched.Discrepancies, JsonDefaults.Web),
            Error = note,
            ErrorStage = note is null ? null : "enrich",
        };
        await records.UpsertAsync(updated, cancellationToken).ConfigureAwait(false);
        metrics.RecordStatus(status);
        await queue.SendAsync(new FormatMessage(row.UploadId, row.RecordId), cancellationToken).ConfigureAwait(false);
    }

    private async Task RetryLaterAsync(EnrichMessage message, RecordRow row, CrossrefUnavailableException ex, CancellationToken cancellationToken)
    {
        // A wait on an open circuit made no call: it does not use up one of the record's attempts.
        var attempt = ex.CircuitOpen ? Math.Max(message.Attempt, 1) : message.Attempt + 1;
        var maxAttempts = options.Value.CrossrefMaxAttempts;
        var since = message.UnavailableSince ?? clock.GetUtcNow();
        var waited = clock.GetUtcNow() - since;
        if (attempt >= maxAttempts || waited >= options.Value.CrossrefGiveUpAfter)
        {
            var why = attempt >= maxAttempts ? $"after {attempt} attempt(s)" : $"for {waited.TotalSeconds:0} s";
            await FailAsync(row, $"Crossref unreachable {why}: {ex.Message}", cancellationToken).ConfigureAwait(false);
            return;
        }

        var backoff = TimeSpan.FromSeconds(options.Value.CrossrefRetryBaseSeconds * Math.Pow(2, attempt - 1));
        var delay = ex.RetryAfter is { } retryAfter && retryAfter > backoff ? retryAfter : backoff;
        var longest = TimeSpan.FromSeconds(options.Value.CrossrefRetryMaxSeconds);
        delay = delay > longest ? longest : delay;
        await records.UpsertAsync(row with { Error = $"Crossref unavailable (attempt {attempt} of {maxAttempts}, next in {delay.TotalSeconds:0} s): {ex.Message}", ErrorStage = "enrich" }, cancellationToken).ConfigureAwait(false);
        await queue.SendAsync(message with { Attempt = attempt, UnavailableSince = since }, delay, cancellationToken).ConfigureAwait(false);
        LogRetry(logger, row.Doi, attempt, delay.TotalSeconds, ex.Message);
    }

    /// <summary>Enrichment failed for good: the record says why, and is still formatted from its source.</summary>
    private async Task FailAsync(RecordRow row, string reason, CancellationToken cancellationToken)
    {
        var failed = row with { Status = RecordStatus.Failed, Stage = RecordStage.Format, Error = reason, ErrorStage = "enrich" };
        await records.UpsertAsync(failed, cancellationToken).ConfigureAwait(false);
        metrics.RecordStatus(RecordStatus.Failed);
        await queue.SendAsync(new FormatMessage(row.UploadId, row.RecordId), cancellationToken).ConfigureAwait(false);
        LogFailed(logger, row.Doi, reason);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Enriched {Doi}: {Status} ({Discrepancies} discrepancies)")]
    private static partial void LogEnriched(ILogger logger, string doi, string status, int discrepancies);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Crossref unavailable for {Doi}; attempt {Attempt}, retrying in {DelaySeconds} s: {Reason}")]
    private static partial void LogRetry(ILogger logger, string? doi, int attempt, double delaySeconds, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Record with DOI {Doi} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string? doi, string reason);
}
