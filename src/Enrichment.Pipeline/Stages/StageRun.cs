using System.Diagnostics;
using Enrichment.Pipeline.Storage;
using Microsoft.Extensions.Logging;

namespace Enrichment.Pipeline.Stages;

/// <summary>
/// What every queue stage does around its work on one record: log scope, duration, and on failure a note on
/// the row before rethrowing (the runtime retries and finally poisons the message; the row keeps the reason).
/// </summary>
internal static class StageRun
{
    public static async Task RecordAsync(
        string stage, string uploadId, string recordId, RecordStore records, PipelineMetrics metrics, ILogger logger, Func<Task> work)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["UploadId"] = uploadId, ["RecordId"] = recordId });
        var started = Stopwatch.GetTimestamp();
        try
        {
            await work().ConfigureAwait(false);
            metrics.Duration(stage, Stopwatch.GetElapsedTime(started));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await records.NoteAttemptFailedAsync(uploadId, recordId, stage, ex, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }
}
