using Azure.Storage.Queues;
using Enrichment.Pipeline.Storage;

namespace Enrichment.Pipeline.Messages;

/// <summary>
/// Sends stage messages. The <see cref="QueueServiceClient"/> is registered with Base64 message encoding,
/// what both trigger hosts expect by default: a plain-text sender would send every message to poison.
/// </summary>
public sealed class QueueSender(QueueServiceClient queues)
{
    private readonly QueueClient _enrich = queues.GetQueueClient(StorageNames.EnrichQueue);
    private readonly QueueClient _format = queues.GetQueueClient(StorageNames.FormatQueue);

    /// <summary>Sends a run to the queue of the stage it waits for, visible after <paramref name="delay"/> (a record waiting for Crossref).</summary>
    public Task SendAsync(RecordStage stage, RecordRun run, TimeSpan? delay = null, CancellationToken cancellationToken = default) =>
        (stage switch
        {
            RecordStage.Enrich => _enrich,
            RecordStage.Format => _format,
            _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, "A finished record has no queue."),
        }).SendMessageAsync(
            MessageJson.Serialize(PipelineTelemetry.WithTraceContext(run)), delay, timeToLive: TimeSpan.FromSeconds(-1), cancellationToken);
}
