using System.Diagnostics;
using Enrichment.Pipeline.Messages;
using Enrichment.Pipeline.Storage;
using Microsoft.Extensions.Logging;

namespace Enrichment.Pipeline.Stages;

/// <summary>
/// What every queue stage does around its work on a run of records: log scope, duration, and on failure a
/// note on the rows before rethrowing (the runtime retries and finally poisons the message; the rows keep the reason).
/// </summary>
internal static class StageRun
{
    public static async Task RunAsync(
        PipelineStage stage, RecordRun run, RecordStore records, PipelineMetrics metrics, ILogger logger, Func<Task> work)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["UploadId"] = run.UploadId, ["RecordId"] = run.ToString() });
        using var activity = PipelineTelemetry.StartRun(stage, run);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await work().ConfigureAwait(false);
            metrics.Duration(stage.Name(), Stopwatch.GetElapsedTime(started));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            await NoteAsync(stage, run, records, ex).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The rows of the run a message names; a message that names no existing row is an error (retried, then poisoned).</summary>
    public static async Task<IReadOnlyList<RecordRow>> ReadRunAsync(RecordStore records, RecordRun run, CancellationToken cancellationToken)
    {
        var rows = await run.ReadAsync(records, cancellationToken).ConfigureAwait(false);
        return rows.Count > 0
            ? rows
            : throw new InvalidOperationException($"Records {run.UploadId}/{run} do not exist");
    }

    /// <summary>The log scope of one record inside a run, so every line names its record.</summary>
    public static IDisposable? RecordScope(ILogger logger, RecordRow row) =>
        logger.BeginScope(new Dictionary<string, object> { ["UploadId"] = row.UploadId, ["RecordId"] = row.RecordId });

    /// <summary>Best effort and bounded: when storage is what failed, the notes fail too, and the original exception is what matters.</summary>
    private static async Task NoteAsync(PipelineStage stage, RecordRun run, RecordStore records, Exception failure)
    {
        using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await Task.WhenAll(run.RecordIds().Select(id => records.NoteAttemptFailedAsync(run.UploadId, id, stage, failure, bounded.Token))).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or AggregateException or Azure.RequestFailedException or HttpRequestException)
        {
            // Nothing more to do: the caller rethrows the original failure.
        }
    }
}
