using Enrichment.Pipeline;
using Enrichment.Pipeline.Stages;
using Enrichment.Pipeline.Storage;
using Microsoft.Azure.Functions.Worker;

namespace Enrichment.Functions.Functions;

/// <summary>Messages and blobs that failed every delivery: their records or uploads end failed, with the reason.</summary>
public sealed class Poison(PoisonStage stage, BlobPoisonStage blobStage)
{
    [Function("EnrichPoison")]
    public Task Enrich(
        [QueueTrigger(StorageNames.EnrichPoisonQueue, Connection = StorageNames.Connection)] string message,
        long dequeueCount,
        CancellationToken cancellationToken) =>
        stage.RunAsync(PipelineStage.Enrich, message, dequeueCount, cancellationToken);

    [Function("FormatPoison")]
    public Task Format(
        [QueueTrigger(StorageNames.FormatPoisonQueue, Connection = StorageNames.Connection)] string message,
        long dequeueCount,
        CancellationToken cancellationToken) =>
        stage.RunAsync(PipelineStage.Format, message, dequeueCount, cancellationToken);

    [Function("IngestPoison")]
    public Task Ingest(
        [QueueTrigger(StorageNames.BlobTriggerPoisonQueue, Connection = StorageNames.Connection)] string message,
        CancellationToken cancellationToken) =>
        blobStage.RunAsync(message, cancellationToken);
}
