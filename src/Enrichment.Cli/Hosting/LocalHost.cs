using Enrichment.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Azure.WebJobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Resources;

namespace Enrichment.Cli.Hosting;

/// <summary>
/// <c>enrich serve</c>: the pipeline's triggers on the WebJobs SDK and its HTTP API on Kestrel, in one
/// process, reading the same settings as the Functions app (<c>AzureWebJobsStorage</c>, <c>Crossref__*</c>,
/// <c>Enrichment__*</c>).
/// </summary>
public static class LocalHost
{
    public const string DefaultUrls = "http://127.0.0.1:7071";

    /// <summary>Set (environment or settings), <c>enrich serve</c> exports traces and metrics over OTLP.</summary>
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

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

        var apiKey = builder.Configuration["Enrichment:ApiKey"] is { Length: > 0 } key ? key : null;
        if (apiKey is null && Listeners.FirstBeyondLoopback(urls) is { } open)
        {
            throw new InvalidOperationException(
                $"enrich serve will not listen on {open} without a key: set Enrichment__ApiKey (callers then send it as the x-functions-key header or ?code=), or listen on 127.0.0.1.");
        }

        builder.WebHost.UseUrls(urls);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestLineSize = 8 * ApiEndpoints.MaxUrlChars);
        builder.Services.AddEnrichmentPipeline(builder.Configuration);
        if (!string.IsNullOrEmpty(builder.Configuration[OtlpEndpointSetting]))
        {
            // Traces and the meter to any OTLP collector; the exporter reads OTEL_EXPORTER_OTLP_* (endpoint, protocol,
            // headers) itself. Without the endpoint nothing is exported and nothing is collected.
            builder.Services.AddOpenTelemetry()
                .ConfigureResource(resource => resource.AddService("enrich-serve"))
                .WithTracing(tracing => tracing.AddPipelineSources())
                .WithMetrics(metrics => metrics.AddPipelineMeters())
                .UseOtlpExporter();
        }

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
                queues.MaxDequeueCount = (builder.Configuration.GetSection(PipelineOptions.SectionName).Get<PipelineOptions>() ?? new PipelineOptions()).MaxDeliveries;
                queues.BatchSize = 16;
            });
        });

        var app = builder.Build();
        app.UseEnrichmentApi(apiKey);
        return app;
    }

    /// <summary>Which listen addresses reach beyond this machine.</summary>
    internal static class Listeners
    {
        public static string? FirstBeyondLoopback(string urls) =>
            urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault(url => !IsLoopback(url));

        private static bool IsLoopback(string url)
        {
            // Kestrel's wildcards (http://*:80, http://+:80) do not parse as URIs; they listen everywhere.
            if (!Uri.TryCreate(url.Replace("://*", "://wildcard", StringComparison.Ordinal).Replace("://+", "://wildcard", StringComparison.Ordinal), UriKind.Absolute, out var uri))
            {
                return false;
            }

            return uri.IsLoopback || (System.Net.IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && System.Net.IPAddress.IsLoopback(address));
        }
    }

    private sealed class LocalTypeLocator : ITypeLocator
    {
        public IReadOnlyList<Type> GetTypes() => [typeof(LocalFunctions)];
    }
}
