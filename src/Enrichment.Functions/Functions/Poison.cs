using Enrichment.Pipeline;
using Enrichment.Pipeline.Stages;
using Microsoft.Azure.Functions.Worker;

namespace Enrichment.Functions.Functions;

/// <summary>Messages that failed every delivery: their records end failed, with the reason.</summary>
public sealed class Poison(PoisonStage stage)
{
    [Function("EnrichPoison")]
    public Task Enrich(
        [QueueTrigger(StorageNames.EnrichPoisonQueue, Connection = StorageNames.Connection)] string message,
        long dequeueCount,
        CancellationToken cancellationToken) =>
        stage.RunAsync("enrich", message, dequeueCount, cancellationToken);

    [Function("FormatPoison")]
    public Task Format(
        [QueueTrigger(StorageNames.FormatPoisonQueue, Connection = StorageNames.Connection)] string message,
        long dequeueCount,
        CancellationToken cancellationToken) =>
        stage.RunAsync("format", message, dequeueCount, cancellationToken);
}
