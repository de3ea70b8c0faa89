using System.Diagnostics;
using Enrichment.Pipeline.Messages;
using Enrichment.Pipeline.Storage;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Enrichment.Pipeline;

/// <summary>
/// The pipeline's traces: ActivitySource <c>Enrichment.Pipeline</c> with one span per stage run (<c>ingest</c>,
/// <c>enrich</c>, <c>format</c>). Each queue message carries the W3C trace context of the span that sent it, so a
/// record's spans share one trace from the blob to its row; the Crossref (HttpClient) and storage (Azure SDK) calls
/// are spans under them. Both hosts export the same sources and meter (<see cref="AddPipelineSources"/>).
/// </summary>
public static class PipelineTelemetry
{
    public const string SourceName = "Enrichment.Pipeline";

    public static ActivitySource Source { get; } = new(SourceName);

    /// <summary>A span for a stage's run of a message, child of the span that sent the message.</summary>
    internal static Activity? StartRun(PipelineStage stage, RecordRun run)
    {
        ActivityContext.TryParse(run.TraceParent, run.TraceState, out var parent);
        var activity = Source.StartActivity(stage.Name(), ActivityKind.Consumer, parent);
        activity?.SetTag("enrichment.upload_id", run.UploadId);
        activity?.SetTag("enrichment.records", run.ToString());
        return activity;
    }

    /// <summary>The span that reads an upload.</summary>
    internal static Activity? StartIngest(string blobName)
    {
        var activity = Source.StartActivity("ingest", ActivityKind.Consumer);
        activity?.SetTag("enrichment.blob", blobName);
        return activity;
    }

    /// <summary>The run, carrying the current span's context to whichever instance takes the message.</summary>
    internal static RecordRun WithTraceContext(RecordRun run) =>
        Activity.Current is { } current ? run with { TraceParent = current.Id, TraceState = current.TraceStateString } : run;

    /// <summary>The pipeline's spans, the Crossref calls (HttpClient) and the storage calls (Azure SDK) under them.</summary>
    public static TracerProviderBuilder AddPipelineSources(this TracerProviderBuilder tracing)
    {
        // The Azure SDK's own ActivitySources are still behind this switch.
        AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);
        return tracing.AddSource(SourceName, "System.Net.Http", "Azure.*");
    }

    /// <summary>The pipeline's meter (<see cref="PipelineMetrics"/>).</summary>
    public static MeterProviderBuilder AddPipelineMeters(this MeterProviderBuilder metrics) => metrics.AddMeter(PipelineMetrics.MeterName);
}
