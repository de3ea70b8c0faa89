using Enrichment.Pipeline.Messages;
using Enrichment.Pipeline.Storage;
using Microsoft.Extensions.Logging;

namespace Enrichment.Pipeline.Stages;

/// <summary>
/// A message that failed every delivery ends here: its record is marked failed with the reason, so nothing
/// vanishes. Runs for the enrich and format poison queues.
/// </summary>
public sealed partial class PoisonStage(RecordStore records, ILogger<PoisonStage> logger)
{
    public async Task RunAsync(string stage, string messageText, long dequeueCount, CancellationToken cancellationToken = default)
    {
        string uploadId;
        string recordId;
        try
        {
            var pointer = MessageJson.Deserialize<FormatMessage>(messageText);
            (uploadId, recordId) = (pointer.UploadId, pointer.RecordId);
        }
        catch (System.Text.Json.JsonException ex)
        {
            // Not one of ours: nothing to mark, but say so loudly.
            LogUnreadable(logger, stage, ex.Message);
            return;
        }

        if (!UploadIds.IsValid(uploadId) || string.IsNullOrEmpty(recordId))
        {
            LogUnreadable(logger, stage, "no upload or record id");
            return;
        }

        var row = await records.GetAsync(uploadId, recordId, cancellationToken).ConfigureAwait(false);
        if (row is null || row.Completed)
        {
            return;
        }

        var reason = $"The {stage} stage failed on every delivery of this record's message, which was moved to {stage}-poison."
            + (row.Error is null ? "" : " Last error: " + row.Error);
        await records.UpsertAsync(row with { Status = RecordStatus.Failed, Stage = RecordStage.Done, Error = reason, ErrorStage = stage }, cancellationToken)
            .ConfigureAwait(false);
        LogPoisoned(logger, stage, uploadId, recordId);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unreadable {Stage} poison message: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string stage, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Record {UploadId}/{RecordId} failed in {Stage}: its message was poisoned")]
    private static partial void LogPoisoned(ILogger logger, string stage, string uploadId, string recordId);
}
