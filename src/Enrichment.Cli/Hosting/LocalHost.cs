using Enrichment.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Azure.WebJobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Enrichment.Cli.Hosting;

/// <summary>
/// <c>enrich serve</c>: the pipeline's triggers on the WebJobs SDK and its HTTP API on Kestrel, in one
/// process, reading the same settings as the Functions app (<c>AzureWebJobsStorage</c>, <c>Crossref__*</c>,
/// <c>Enrichment__*</c>).
/// </summary>
public static class LocalHost
{
    public const string DefaultUrls = "http://127.0.0.1:7071";

    public static WebApplication Build(string urls, IEnumerable<KeyValuePair<string, string?>>? settings = null, string[]? args = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args ?? [],
            ContentRootPath = AppContext.BaseDirectory,
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        if (string.IsNullOrEmpty(builder.Configuration[StorageNames.Connection]))
        {
            builder.Configuration[StorageNames.Connection] = "UseDevelopmentStorage=true";
        }

        builder.WebHost.UseUrls(urls);
        builder.Services.AddEnrichmentPipeline(builder.Configuration);
        builder.Services.AddSingleton<ITypeLocator>(new LocalTypeLocator());
        builder.Services.AddHostedService<RecoveryService>();
        builder.Services.AddHostedService<UploadScanService>();
        builder.Host.ConfigureWebJobs(webJobs =>
        {
            webJobs.AddAzureStorageCoreServices();
            webJobs.AddAzureStorageQueues(queues =>
            {
                // Local runs want quick turns, and an idle local queue costs nothing to poll; the Functions
                // app polls at most every 2 s (host.json), since every poll of an Azure queue is billed.
                queues.MaxPollingInterval = TimeSpan.FromMilliseconds(500);
                queues.MaxDequeueCount = 5;
                queues.BatchSize = 16;
            });
        });

        var app = builder.Build();
        app.MapEnrichmentApi();
        return app;
    }

    private sealed class LocalTypeLocator : ITypeLocator
    {
        public IReadOnlyList<Type> GetTypes() => [typeof(LocalFunctions)];
    }
}
