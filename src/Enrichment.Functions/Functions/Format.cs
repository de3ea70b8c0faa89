using Enrichment.Pipeline;
using Enrichment.Pipeline.Messages;
using Enrichment.Pipeline.Stages;
using Microsoft.Azure.Functions.Worker;

namespace Enrichment.Functions.Functions;

/// <summary>One record from the <c>format</c> queue: render its citations.</summary>
public sealed class Format(FormatStage stage)
{
    [Function(nameof(Format))]
    public Task Run(
        [QueueTrigger(StorageNames.FormatQueue, Connection = StorageNames.Connection)] string message,
        long dequeueCount,
        CancellationToken cancellationToken) =>
        stage.RunAsync(MessageJson.Deserialize(message), dequeueCount, cancellationToken);
}
