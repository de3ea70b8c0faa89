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
    public async Task RunAsync(string stage, string messageText, long dequeueCount, CancellationToken cancellationToken = default)
    {
        FormatMessage run;
        try
        {
            // Both message shapes name their run the same way.
            run = MessageJson.Deserialize<FormatMessage>(messageText);
        }
        catch (System.Text.Json.JsonException ex)
        {
            // Not one of ours: nothing to mark, but say so loudly.
            LogUnreadable(logger, stage, ex.Message);
            return;
        }

        if (!run.IsValid())
        {
            LogUnreadable(logger, stage, "no valid upload id, record id or count");
            return;
        }

        var unfinished = (await records.RunAsync(run, cancellationToken).ConfigureAwait(false)).Where(r => !r.Completed).ToList();
        if (run.Count > 1)
        {
            await SplitAsync(stage, unfinished, cancellationToken).ConfigureAwait(false);
            return;
        }

        var failed = unfinished.Select(row => row with
        {
            Status = RecordStatus.Failed,
            Stage = RecordStage.Done,
            Error = $"The {stage} stage failed on every delivery of this record's message, which was moved to {stage}-poison."
                + (row.Error is null ? "" : " Last error: " + row.Error),
            ErrorStage = stage,
        }).ToList();
        await records.UpsertBatchAsync(failed, cancellationToken).ConfigureAwait(false);
        await progress.NoteFinishedAsync(run.UploadId, [run.RecordId], cancellationToken).ConfigureAwait(false);
        foreach (var row in failed)
        {
            LogPoisoned(logger, stage, row.UploadId, row.RecordId, dequeueCount);
        }
    }

    private async Task SplitAsync(string stage, List<RecordRow> unfinished, CancellationToken cancellationToken)
    {
        foreach (var row in unfinished)
        {
            if (stage == "enrich" && row.Stage == RecordStage.Enrich)
            {
                await queue.SendAsync(new EnrichMessage(row.UploadId, row.RecordId), cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            else if (row.Stage == RecordStage.Format)
            {
                await queue.SendAsync(new FormatMessage(row.UploadId, row.RecordId), cancellationToken).ConfigureAwait(false);
            }
        }

        LogSplit(logger, stage, unfinished.Count);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unreadable {Stage} poison message: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string stage, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Record {UploadId}/{RecordId} failed in {Stage}: its message was poisoned after {DequeueCount} deliveries")]
    private static partial void LogPoisoned(ILogger logger, string stage, string uploadId, string recordId, long dequeueCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A poisoned {Stage} message for a run of records was split: {Count} unfinished records sent again one by one")]
    private static partial void LogSplit(ILogger logger, string stage, int count);
}
