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

    /// <summary>When Crossref is unavailable, answer from an expired entry rather than fail. Default on.</summary>
    public bool ServeStaleWhenUnavailable { get; set; } = true;
}
