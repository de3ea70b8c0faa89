using Enrichment.Pipeline;
using Enrichment.Pipeline.Messages;
using Enrichment.Pipeline.Stages;
using Microsoft.Azure.Functions.Worker;

namespace Enrichment.Functions.Functions;

/// <summary>One record from the <c>enrich</c> queue: look it up at Crossref and merge.</summary>
public sealed class Enrich(EnrichStage stage)
{
    [Function(nameof(Enrich))]
    public Task Run(
        [QueueTrigger(StorageNames.EnrichQueue, Connection = StorageNames.Connection)] string message,
        long dequeueCount,
        CancellationToken cancellationToken) =>
        stage.RunAsync(MessageJson.Deserialize(message), dequeueCount, cancellationToken);
}
