using Enrichment.Pipeline.Messages;
using Enrichment.Pipeline.Storage;
using Microsoft.Extensions.Logging;

namespace Enrichment.Pipeline.Stages;

/// <summary>
/// A message that failed every delivery ends here, for the enrich and format poison queues. A message for one
/// record marks it failed with the reason, so nothing vanishes. A message for a run of records is split: each
/// unfinished record of the run is sent again on its own, so one bad record (or one row the transaction
/// refused) fails alone and the rest go on.
/// </summary>
public sealed partial class PoisonStage(RecordStore records, UploadProgress progress, QueueSender queue, ILogger<PoisonStage> logger)
{
    public async Task RunAsync(PipelineStage stage, string messageText, long dequeueCount, CancellationToken cancellationToken = default)
    {
        RecordRun run;
        try
        {
            run = MessageJson.Deserialize(messageText);
        }
        catch (System.Text.Json.JsonException ex)
        {
            // Not one of ours: nothing to mark, but say so loudly.
            LogUnreadable(logger, stage.Name(), ex.Message);
            return;
        }

        if (!run.IsValid)
        {
            LogUnreadable(logger, stage.Name(), "no valid upload id, record id or count");
            return;
        }

        await GiveUpAsync(stage, run, dequeueCount, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gives up on a run that failed every delivery: a single record fails with the reason; a longer run is split.</summary>
    public async Task GiveUpAsync(PipelineStage stage, RecordRun run, long deliveries, CancellationToken cancellationToken = default)
    {
        var unfinished = (await run.ReadAsync(records, cancellationToken).ConfigureAwait(false)).Where(r => !r.Completed).ToList();
        if (run.Count > 1)
        {
            await SplitAsync(stage, run, unfinished, cancellationToken).ConfigureAwait(false);
            return;
        }

        var failed = unfinished
            .Select(row => row.Failed(stage, $"The {stage.Name()} stage failed on every delivery of this record's message ({deliveries}), so it was given up ({stage.Name()}-poison)."))
            .ToList();
        await records.UpsertBatchAsync(failed, cancellationToken).ConfigureAwait(false);
        await progress.NoteFinishedAsync(run.UploadId, [run.RecordId], cancellationToken).ConfigureAwait(false);
        foreach (var row in failed)
        {
            LogPoisoned(logger, stage.Name(), row.UploadId, row.RecordId, deliveries);
        }
    }

    private async Task SplitAsync(PipelineStage stage, RecordRun run, List<RecordRow> unfinished, CancellationToken cancellationToken)
    {
        foreach (var row in unfinished)
        {
            // A run poisoned in Format never sends a record back to Enrich: each record goes on to where it waits.
            if (row.Stage == RecordStage.Format || (stage == PipelineStage.Enrich && row.Stage == RecordStage.Enrich))
            {
                await queue.SendAsync(row.Stage, run.Single(row.RecordId) with { Attempt = 0, UnavailableSince = null }, cancellationToken: cancellationToken)
                    .ConfigureAwait(false);
            }
        }

        LogSplit(logger, stage.Name(), unfinished.Count);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unreadable {Stage} poison message: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string stage, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Record {UploadId}/{RecordId} failed in {Stage}: its message was given up after {DequeueCount} deliveries")]
    private static partial void LogPoisoned(ILogger logger, string stage, string uploadId, string recordId, long dequeueCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A poisoned {Stage} message for a run of records was split: {Count} unfinished records sent again one by one")]
    private static partial void LogSplit(ILogger logger, string stage, int count);
}
