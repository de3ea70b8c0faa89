using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Enrichment.Pipeline.Storage;

/// <summary>
/// Creates the containers, queues and tables the pipeline uses, once at start. In Azure the infra creates
/// them too; locally (Azurite) this is what makes a fresh account usable.
/// </summary>
public sealed partial class StorageInitializer(
    BlobServiceClient blobs, QueueServiceClient queues, TableServiceClient tables, ILogger<StorageInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await EnsureAsync(cancellationToken).ConfigureAwait(false);
        LogReady(logger);
    }

    public async Task EnsureAsync(CancellationToken cancellationToken = default)
    {
        var work = new List<Task>();
        foreach (var container in new[] { StorageNames.UploadsContainer, StorageNames.StylesContainer, StorageNames.RecordsContainer })
        {
            work.Add(blobs.GetBlobContainerClient(container).CreateIfNotExistsAsync(cancellationToken: cancellationToken));
        }

        foreach (var queue in new[] { StorageNames.EnrichQueue, StorageNames.FormatQueue, StorageNames.EnrichPoisonQueue, StorageNames.FormatPoisonQueue, StorageNames.BlobTriggerPoisonQueue })
        {
            work.Add(queues.GetQueueClient(queue).CreateIfNotExistsAsync(cancellationToken: cancellationToken));
        }

        foreach (var table in new[] { StorageNames.RecordsTable, StorageNames.UploadsTable, StorageNames.WorksTable, StorageNames.InstancesTable })
        {
            work.Add(tables.CreateTableIfNotExistsAsync(table, cancellationToken));
        }

        await Task.WhenAll(work).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage ready: containers, queues and tables exist")]
    private static partial void LogReady(ILogger logger);
}
