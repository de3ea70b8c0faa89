using Azure.Storage.Queues;
using Enrichment.Core.Citations;
using Enrichment.Core.Crossref;
using Enrichment.Core.Enrichment;
using Enrichment.Pipeline.Api;
using Enrichment.Pipeline.Budget;
using Enrichment.Pipeline.Messages;
using Enrichment.Pipeline.Stages;
using Enrichment.Pipeline.Storage;
using Enrichment.Pipeline.Styles;
using Enrichment.Pipeline.Works;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Enrichment.Pipeline;

public static class PipelineServiceCollectionExtensions
{
    /// <summary>
    /// Everything the stages need: storage clients (registered once), Crossref, the citation formatter, the
    /// stages and the HTTP API. Both hosts (Functions and <c>enrich serve</c>) call this one method.
    /// </summary>
    public static IServiceCollection AddEnrichmentPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PipelineOptions>().BindConfiguration(PipelineOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<PipelineMetrics>();

        services.AddStorageClients(configuration);
        services.AddCrossref(configuration);
        services.AddWorksCache();
        services.AddInstanceBudget();
        services.AddSingleton<ReferenceEnricher>();
        services.TryAddSingleton<IStyleStore, BlobStyleStore>();
        services.AddCitationFormatter();

        services.AddSingleton<RecordStore>();
        services.AddSingleton<UploadStore>();
        services.AddSingleton<UploadProgress>();
        services.AddSingleton<QueueSender>();
        services.AddSingleton<StorageInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<StorageInitializer>());

        services.AddSingleton<IngestStage>();
        services.AddSingleton<EnrichStage>();
        services.AddSingleton<FormatStage>();
        services.AddSingleton<PoisonStage>();
        services.AddSingleton<BlobPoisonStage>();
        services.AddSingleton<RecoveryStage>();
        services.AddSingleton<UploadScan>();
        services.AddSingleton<WorksApi>();
        services.AddSingleton<UploadsApi>();
        services.AddSingleton<RecordsApi>();
        services.AddSingleton<ExportApi>();
        return services;
    }

    private static IServiceCollection AddStorageClients(this IServiceCollection services, IConfiguration configuration)
    {
        var connection = StorageConnection.From(configuration);
        services.AddAzureClients(clients =>
        {
            if (connection.ConnectionString is { } connectionString)
            {
                clients.AddBlobServiceClient(connectionString);
                clients.AddQueueServiceClient(connectionString).ConfigureOptions(o => o.MessageEncoding = QueueMessageEncoding.Base64);
                clients.AddTableServiceClient(connectionString);
            }
            else
            {
                clients.UseCredential(connection.Credential!);
                clients.AddBlobServiceClient(connection.BlobUri!);
                clients.AddQueueServiceClient(connection.QueueUri!).ConfigureOptions(o => o.MessageEncoding = QueueMessageEncoding.Base64);
                clients.AddTableServiceClient(connection.TableUri!);
            }
        });
        return services;
    }
}
