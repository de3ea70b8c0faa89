using System.ComponentModel.DataAnnotations;

namespace Enrichment.Pipeline;

/// <summary>Pipeline settings, bound from the configuration section <c>Enrichment</c>.</summary>
public sealed class PipelineOptions
{
    public const string SectionName = "Enrichment";

    /// <summary>Comma-separated citation styles rendered for every record. Default <c>apa</c>.</summary>
    [Required]
    public string Styles { get; set; } = "apa";

    /// <summary>How many queue messages Ingest sends at once.</summary>
    [Range(1, 256)]
    public int SendParallelism { get; set; } = 32;

    /// <summary>
    /// How many records one enrich or format message names (a run of consecutive rows). Queue messages are what
    /// storage spends most on; a run is read in one query and written in one transaction. Default 20.
    /// </summary>
    [Range(1, Messages.RecordRun.MaxCount)]
    public int RecordsPerMessage { get; set; } = 20;

    /// <summary>
    /// How many records one host enriches at once, across all the runs it is working on. Runs arrive 16 at a
    /// time, 20 records each; without a bound their cache reads and writes pile up at storage (on Azurite, one
    /// Node process, a queue long enough to time out the API's requests) with nothing gained. Default 32.
    /// </summary>
    [Range(1, 1024)]
    public int EnrichParallelism { get; set; } = 32;

    /// <summary>
    /// A record not finished and untouched for this long is restarted by the recovery sweep. Longer than the
    /// longest wait for Crossref (<c>Crossref:RecordRetryMaxDelay</c>, 10 min), so a record waiting for Crossref is left alone. Default 15 min.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan StalledAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the local host runs the recovery sweep (the Functions app uses its timer's schedule). Default 1 min.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RecoveryInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the local host lists the uploads container for new files (Azure uses Event Grid). Default 250 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan UploadScanInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How many uploads the local host reads at once. Default 4.</summary>
    [Range(1, 64)]
    public int IngestParallelism { get; set; } = 4;

    /// <summary>How many times the local host tries to read an upload before it marks it failed (the blob trigger's default). Default 5.</summary>
    [Range(1, 100)]
    public int IngestMaxAttempts { get; set; } = 5;

    /// <summary>
    /// Deliveries of one queue message before its records are given up (as the poison queue would): the
    /// runtime's maxDequeueCount (host.json, and <c>enrich serve</c>'s queue settings). Default 5.
    /// </summary>
    [Range(1, 100)]
    public int MaxDeliveries { get; set; } = 5;

    /// <summary>Restarts of one stalled record by the recovery sweep before it fails with the reason. Default 3.</summary>
    [Range(1, 100)]
    public int MaxRecoveries { get; set; } = 3;

    /// <summary>
    /// The address clients reach the API at (<c>https://enrich.example.org</c>), for absolute links such as an
    /// upload's <c>Location</c>. Unset, links are relative: never taken from the request's Host header.
    /// </summary>
    [Url]
    public string? PublicBaseUrl { get; set; }

    public IReadOnlyList<string> StyleList =>
        Styles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
