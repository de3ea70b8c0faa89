using Azure.Storage.Blobs;
using Enrichment.Pipeline;
using Enrichment.Pipeline.Stages;
using Microsoft.Azure.Functions.Worker;

namespace Enrichment.Functions.Functions;

/// <summary>A new blob in <c>uploads</c>: read it into records. Flex Consumption delivers blob events through Event Grid.</summary>
public sealed class Ingest(IngestStage stage)
{
    [Function(nameof(Ingest))]
    public Task Run(
        [BlobTrigger(StorageNames.UploadsContainer + "/{name}", Source = BlobTriggerSource.EventGrid, Connection = StorageNames.Connection)] BlobClient blob,
        CancellationToken cancellationToken) =>
        stage.RunAsync(blob, cancellationToken);
}
