using Azure.Storage.Queues;
using Enrichment.Pipeline.Messages;

namespace Enrichment.Pipeline.Storage;

/// <summary>
/// Sends stage messages. The <see cref="QueueServiceClient"/> is registered with Base64 message encoding,
/// what both trigger hosts expect by default: a plain-text sender would send every message to poison.
/// </summary>
public sealed class QueueSender(QueueServiceClient queues)
{
    private readonly QueueClient _enrich = queues.GetQueueClient(StorageNames.EnrichQueue);
    private readonly QueueClient _format = queues.GetQueueClient(StorageNames.FormatQueue);

    public Task SendAsync(EnrichMessage message, TimeSpan? delay = null, CancellationToken cancellationToken = default) =>
        _enrich.SendMessageAsync(MessageJson.Serialize(message), delay, timeToLive: TimeSpan.FromSeconds(-1), cancellationToken);

    public Task SendAsync(FormatMessage message, CancellationToken cancellationToken = default) =>
        _format.SendMessageAsync(MessageJson.Serialize(message), visibilityTimeout: null, timeToLive: TimeSpan.FromSeconds(-1), cancellationToken);
}
