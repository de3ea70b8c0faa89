using Enrichment.Functions;
using Enrichment.Pipeline;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddEnrichmentPipeline(builder.Configuration);
var telemetry = builder.Services.AddOpenTelemetry()
    .UseFunctionsWorkerDefaults()
    .WithTracing(tracing => tracing.AddPipelineSources())
    .WithMetrics(metrics => metrics.AddPipelineMeters());
AzureMonitorTelemetry.AddExporters(telemetry, builder.Configuration);
builder.Build().Run();
