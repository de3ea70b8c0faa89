using System.ComponentModel.DataAnnotations;

namespace Enrichment.Pipeline.Works;

/// <summary>How long Crossref's answers stay fresh in the <c>Works</c> table. Section <c>WorksCache</c>.</summary>
public sealed class WorksCacheOptions
{
    public const string SectionName = "WorksCache";

    /// <summary>A work Crossref returned is fresh this long. Default 30 days (works change rarely: citations counts, corrections).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00")]
    public TimeSpan FoundTtl { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// A stored work older than this is fetched again when a record or a lookup uses it, to see updates Crossref has
    /// learnt of since: a retraction, correction or expression of concern (Retraction Watch's too) arrives after the
    /// work was cached. If Crossref cannot answer then, the stored work is used while it is younger than
    /// <see cref="FoundTtl"/>. Default 1 day.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00")]
    public TimeSpan UpdatesCheckAfter { get; set; } = TimeSpan.FromDays(1);

    /// <summary>A 404 ("not in Crossref") is trusted this long, then asked again: DOIs get registered late. Default 1 day.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan NotFoundTtl { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How long an instance's claim on a DOI (it is asking Crossref) holds unless renewed; it is renewed every third of
    /// this while the call waits. Another instance waits for the answer until then: how long a crashed instance can
    /// hold a DOI up. Default 15 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ClaimTtl { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The first pause between two looks at a DOI another instance has claimed; it doubles up to 1 s. Default 100 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:10")]
    public TimeSpan ClaimPollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>When Crossref is unavailable, answer from an expired entry rather than fail. Default on.</summary>
    public bool ServeStaleWhenUnavailable { get; set; } = true;
}
