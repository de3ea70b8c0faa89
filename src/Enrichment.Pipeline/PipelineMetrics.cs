using System.Diagnostics.Metrics;

namespace Enrichment.Pipeline;

/// <summary>
/// The pipeline's counters (meter <c>Enrichment.Pipeline</c>): records by final status, Crossref lookups by
/// outcome, entries read. Application Insights and <c>dotnet-counters</c> read them as they are.
/// </summary>
public sealed class PipelineMetrics
{
    public const string MeterName = "Enrichment.Pipeline";

    private readonly Counter<long> _records;
    private readonly Counter<long> _lookups;
    private readonly Counter<long> _entries;
    private readonly Histogram<double> _duration;

    public PipelineMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _records = meter.CreateCounter<long>("enrichment.records", description: "Records that reached a status, by status");
        _lookups = meter.CreateCounter<long>("enrichment.crossref.lookups", description: "Crossref work lookups, by outcome");
        _entries = meter.CreateCounter<long>("enrichment.ingest.entries", description: "Entries read from uploads, by format and validity");
        _duration = meter.CreateHistogram<double>("enrichment.stage.duration", unit: "ms", description: "Time spent per stage and part (ingest, enrich, enrich.crossref, format, format.render)");
    }

    public void RecordStatus(string status) => _records.Add(1, new KeyValuePair<string, object?>("status", status));

    public void CrossrefLookup(string outcome) => _lookups.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>Where the time goes: <paramref name="part"/> is a stage (<c>ingest</c>) or a part of one (<c>enrich.crossref</c>).</summary>
    public void Duration(string part, TimeSpan elapsed) =>
        _duration.Record(elapsed.TotalMilliseconds, new KeyValuePair<string, object?>("part", part));

    public void EntriesRead(string format, int valid, int invalid)
    {
        _entries.Add(valid, new KeyValuePair<string, object?>("format", format), new KeyValuePair<string, object?>("valid", true));
        _entries.Add(invalid, new KeyValuePair<string, object?>("format", format), new KeyValuePair<string, object?>("valid", false));
    }
}
