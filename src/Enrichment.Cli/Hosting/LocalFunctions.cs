using Enrichment.Pipeline;
using Enrichment.Pipeline.Messages;
using Enrichment.Pipeline.Stages;
using Enrichment.Pipeline.Storage;
using Microsoft.Azure.WebJobs;

namespace Enrichment.Cli.Hosting;

/// <summary>
/// The pipeline's triggers on the WebJobs SDK (the trigger extensions the Functions host loads), for
/// machines without Azure Functions Core Tools. Each method is a doorway to the stage the Functions app calls.
/// Uploads are picked up by <see cref="UploadScanService"/> instead of the SDK's blob trigger, whose container
/// scan can pass over a file written while it lists (see <see cref="Pipeline.Stages.UploadScan"/>).
/// </summary>
public sealed class LocalFunctions(EnrichStage enrich, FormatStage format, PoisonStage poison)
{
    public Task EnrichAsync(
        [QueueTrigger(StorageNames.EnrichQueue, Connection = StorageNames.Connection)] string message,
        long dequeueCount,
        CancellationToken cancellationToken) =>
        enrich.RunAsync(MessageJson.Deserialize(message), dequeueCount, cancellationToken);

    public Task FormatAsync(
        [QueueTrigger(StorageNames.FormatQueue, Connection = StorageNames.Connection)] string message,
        long dequeueCount,
        CancellationToken cancellationToken) =>
        format.RunAsync(MessageJson.Deserialize(message), dequeueCount, cancellationToken);

    public Task EnrichPoisonAsync(
        [QueueTrigger(StorageNames.EnrichPoisonQueue, Connection = StorageNames.Connection)] string message,
        long dequeueCount,
        CancellationToken cancellationToken) =>
        poison.RunAsync(PipelineStage.Enrich, message, dequeueCount, cancellationToken);

    public Task FormatPoisonAsync(
        [QueueTrigger(StorageNames.FormatPoisonQueue, Connection = StorageNames.Connection)] string message,
        long dequeueCount,
        CancellationToken cancellationToken) =>
        poison.RunAsync(PipelineStage.Format, message, dequeueCount, cancellationToken);
}
