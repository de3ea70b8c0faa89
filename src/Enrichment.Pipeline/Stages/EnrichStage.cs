using Enrichment.Core.Crossref;
using Enrichment.Core.Enrichment;
using Enrichment.Core.Formats.CslJson;
using Enrichment.Pipeline.Messages;
using Enrichment.Pipeline.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Enrichment.Pipeline.Stages;

/// <summary>
/// Looks each record of a run up at Crossref (concurrently; the Crossref client keeps to the rate limit), merges
/// what Crossref has into the source record, writes the run in one transaction and hands it to Format in one
/// message. When Crossref is unavailable a record's message is re-sent with a delay (not retried hot, which
/// would burn its dequeue count), and after <see cref="CrossrefOptions.RecordMaxAttempts"/> the record fails with the reason.
/// </summary>
public sealed partial class EnrichStage(
    RecordStore records,
    QueueSender queue,
    PoisonStage poison,
    ReferenceEnricher enricher,
    IOptions<PipelineOptions> options,
    IOptions<CrossrefOptions> crossrefOptions,
    PipelineMetrics metrics,
    TimeProvider clock,
    ILogger<EnrichStage> logger)
{
    private readonly SemaphoreSlim _lookups = new(options.Value.EnrichParallelism);

    /// <summary>
    /// Enriches the run. <paramref name="deliveries"/> is the queue's dequeue count, which the queue service
    /// raises before the message is handed out: a run that crashed its host on every delivery is given up here,
    /// before the step that crashed, even where the runtime would deliver it again.
    /// </summary>
    public Task RunAsync(RecordRun message, long deliveries = 1, CancellationToken cancellationToken = default) =>
        deliveries > options.Value.MaxDeliveries
            ? poison.GiveUpAsync(PipelineStage.Enrich, message, deliveries, cancellationToken)
            : StageRun.RunAsync(PipelineStage.Enrich, message, records, metrics, logger, () => RunCoreAsync(message, cancellationToken));

    private async Task RunCoreAsync(RecordRun message, CancellationToken cancellationToken)
    {
        var rows = await StageRun.ReadRunAsync(records, message, cancellationToken).ConfigureAwait(false);

        // Rows past this stage ran on an earlier delivery of the message; Format is idempotent, so they go on again.
        var pending = rows.Where(r => r.Stage == RecordStage.Enrich).ToList();
        var outcomes = await Task.WhenAll(pending.Select(row => EnrichOneAsync(message, row, cancellationToken))).ConfigureAwait(false);
        if (message.Count == 1 && outcomes.FirstOrDefault(o => o.Crash is not null)?.Crash is { } crash)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(crash); // The runtime retries, then poisons.
        }

        // Rows first, then the messages that point at them.
        await records.UpsertBatchAsync([.. outcomes.Where(o => o.Crash is null).Select(o => o.Row)], cancellationToken).ConfigureAwait(false);
        foreach (var outcome in outcomes.Where(o => o.RetryIn is null && o.Crash is null))
        {
            metrics.RecordStatus(outcome.Row.Status.Name());
        }

        if (rows.Concat(outcomes.Select(o => o.Row)).Any(r => r.Stage == RecordStage.Format))
        {
            await queue.SendAsync(RecordStage.Format, message with { Attempt = 0, UnavailableSince = null }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        await SendRetriesAsync(message, outcomes, cancellationToken).ConfigureAwait(false);
    }

    private async Task SendRetriesAsync(RecordRun message, Outcome[] outcomes, CancellationToken cancellationToken)
    {
        var retries = outcomes.Where(o => o.RetryIn is not null).ToList();
        if (retries.Count > 0 && retries.Count == outcomes.Length)
        {
            // Crossref was unavailable for the whole run (an outage, an open circuit): one message waits for it.
            var delay = retries.Max(o => o.RetryIn!.Value);
            await queue.SendAsync(RecordStage.Enrich, message with { Attempt = retries[0].Attempt, UnavailableSince = retries[0].Since }, delay, cancellationToken)
                .ConfigureAwait(false);
            return;
        }

        // Some records of the run wait, the rest went on: each waiting record gets a message of its own.
        foreach (var retry in retries)
        {
            var single = message.Single(retry.Row.RecordId) with { Attempt = retry.Attempt, UnavailableSince = retry.Since };
            await queue.SendAsync(RecordStage.Enrich, single, retry.RetryIn, cancellationToken).ConfigureAwait(false);
        }

        // A record that threw in a run is split off, so its deliveries and its poisoning are its own.
        foreach (var crashed in outcomes.Where(o => o.Crash is not null))
        {
            await records.NoteAttemptFailedAsync(crashed.Row.UploadId, crashed.Row.RecordId, PipelineStage.Enrich, crashed.Crash!, cancellationToken).ConfigureAwait(false);
            await queue.SendAsync(RecordStage.Enrich, message.Single(crashed.Row.RecordId), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<Outcome> EnrichOneAsync(RecordRun message, RecordRow row, CancellationToken cancellationToken)
    {
        using var scope = StageRun.RecordScope(logger, row);
        await _lookups.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
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
                return RetryLater(message, row, ex);
            }
            catch (CrossrefRequestRejectedException ex)
            {
                // The record itself could not be asked about (a query Crossref refuses): its own error, never a retry.
                metrics.CrossrefLookup("rejected");
                return Fail(row, ex.Message);
            }
            catch (CrossrefResponseException ex)
            {
                metrics.CrossrefLookup("unreadable");
                return Fail(row, ex.Message);
            }

            var status = enriched.Status switch
            {
                EnrichmentStatus.Enriched => RecordStatus.Enriched,
                EnrichmentStatus.NotInCrossref => RecordStatus.NotFound,
                _ => RecordStatus.NoMatch,
            };
            metrics.CrossrefLookup(status.Name());
            LogEnriched(logger, source.DoiText ?? source.Id, status.Name(), enriched.Discrepancies.Length);
            return new Outcome(row.Enriched(status, enriched));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new Outcome(row, Crash: ex);
        }
        finally
        {
            _lookups.Release();
        }
    }

    private Outcome RetryLater(RecordRun message, RecordRow row, CrossrefUnavailableException ex)
    {
        // A wait on an open circuit made no call: it does not use up one of the record's attempts.
        var attempt = ex.CircuitOpen ? Math.Max(message.Attempt, 1) : message.Attempt + 1;
        var retry = crossrefOptions.Value;
        var maxAttempts = retry.RecordMaxAttempts;
        var since = message.UnavailableSince ?? clock.GetUtcNow();
        var waited = clock.GetUtcNow() - since;
        if (attempt >= maxAttempts || waited >= retry.RecordGiveUpAfter)
        {
            var why = attempt >= maxAttempts ? $"after {attempt} attempt(s)" : $"for {waited.TotalSeconds:0} s";
            return Fail(row, $"Crossref unreachable {why}: {ex.Message}");
        }

        var delay = retry.RecordRetryDelayFor(attempt, ex.RetryAfter);
        LogRetry(logger, row.Doi, attempt, delay.TotalSeconds, ex.Message);
        var noted = row.WaitingForCrossref($"Crossref unavailable (attempt {attempt} of {maxAttempts}, next in {delay.TotalSeconds:0} s): {ex.Message}");
        return new Outcome(noted, delay, attempt, since);
    }

    /// <summary>Enrichment failed for good: the record says why, and is still formatted from its source.</summary>
    private Outcome Fail(RecordRow row, string reason)
    {
        LogFailed(logger, row.Doi, reason);
        return new Outcome(row.EnrichmentFailed(reason));
    }

    /// <summary>What became of one record of the run: the row to write, and whether it waits for Crossref or threw.</summary>
    private sealed record Outcome(RecordRow Row, TimeSpan? RetryIn = null, int Attempt = 0, DateTimeOffset? Since = null, Exception? Crash = null);

    [LoggerMessage(Level = LogLevel.Information, Message = "Enriched {Doi}: {Status} ({Discrepancies} discrepancies)")]
    private static partial void LogEnriched(ILogger logger, string doi, string status, int discrepancies);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Crossref unavailable for {Doi}; attempt {Attempt}, retrying in {DelaySeconds} s: {Reason}")]
    private static partial void LogRetry(ILogger logger, string? doi, int attempt, double delaySeconds, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Record with DOI {Doi} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string? doi, string reason);
}
