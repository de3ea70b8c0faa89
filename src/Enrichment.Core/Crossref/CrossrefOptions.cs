using System.ComponentModel.DataAnnotations;
using Enrichment.Core.Agencies;

namespace Enrichment.Core.Crossref;

/// <summary>How to reach Crossref, and how politely. Bound from the configuration section <c>Crossref</c>.</summary>
/// <remarks>
/// The limit defaults are Crossref's polite pool since 1 December 2025 (Crossref blog, 5 November 2025): single
/// records 10 requests/s and 3 at a time, list and search queries (<c>query.bibliographic</c>) 3/s and 3 at a time.
/// The public pool is 5/s and 1 at a time, searches 1/s and 1 (<see cref="UsePublicPoolLimits"/>). With
/// <see cref="AgencyOptions.AdaptToRateLimitHeaders"/> on, the <c>X-Rate-Limit-*</c> headers of each answer replace these
/// figures: Crossref says what applies, the constants are only the start.
/// </remarks>
public sealed class CrossrefOptions : AgencyOptions
{
    public const string SectionName = "Crossref";

    public CrossrefOptions()
    {
        BaseUrl = "https://api.crossref.org";
    }

    /// <summary>Requests per second for list queries (search). Default 3 (polite pool; the public pool allows 1).</summary>
    [Range(0.1, 1000)]
    public double SearchRequestsPerSecond { get; set; } = 3;

    /// <summary>
    /// Longest <c>query.bibliographic</c> sent, in characters: longer queries (a title pasted with its abstract, a
    /// hostile 20 MB field) are cut at a word boundary. The first few hundred characters identify a work. Default 300.
    /// </summary>
    [Range(20, 2000)]
    public int MaxQueryChars { get; set; } = CrossrefQuery.DefaultMaxChars;

    /// <summary>
    /// How many times the pipeline tries one record while Crossref is unavailable before the record fails (the
    /// pipeline's second layer: between tries the record waits in a delayed queue message). Default 6.
    /// </summary>
    [Range(1, 100)]
    public int RecordMaxAttempts { get; set; } = 6;

    /// <summary>The first wait of a record after Crossref was unavailable; it doubles each time. Default 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RecordRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait of a record between two tries (a longer Retry-After is cut to it). Default 10 min.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RecordRetryMaxDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// A record whose Crossref lookup has been failing this long fails, whatever its attempt count (waits on an
    /// open circuit use no attempts, so without this an outage could hold records forever). Default 6 h.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan RecordGiveUpAfter { get; set; } = TimeSpan.FromHours(6);

    internal override string AgencyName => "Crossref";

    /// <summary>
    /// A contact address is required for Crossref (sent in the User-Agent and as <c>mailto=</c>: the polite pool),
    /// so a deployment without it fails at start rather than being throttled later.
    /// </summary>
    internal override bool MailtoRequired => true;

    internal override double ListRequestsPerSecond => SearchRequestsPerSecond;

    /// <summary>
    /// How long a record waits before its next try after its <paramref name="attempt"/>-th (1-based) found Crossref
    /// unavailable: <see cref="RecordRetryDelay"/> doubled per attempt (<see cref="CrossrefBackoff.Exponential"/>,
    /// the client's formula, without jitter), or Crossref's <paramref name="retryAfter"/> when longer, at most
    /// <see cref="RecordRetryMaxDelay"/>.
    /// </summary>
    public TimeSpan RecordRetryDelayFor(int attempt, TimeSpan? retryAfter = null)
    {
        var delay = CrossrefBackoff.Exponential(attempt, RecordRetryDelay, RecordRetryMaxDelay);
        if (retryAfter is { } asked && asked > delay)
        {
            delay = asked;
        }

        return delay > RecordRetryMaxDelay ? RecordRetryMaxDelay : delay;
    }

    /// <summary>Sets the starting limits of Crossref's public pool (5 requests/s and 1 at a time; searches 1/s).</summary>
    public CrossrefOptions UsePublicPoolLimits()
    {
        RequestsPerSecond = 5;
        SearchRequestsPerSecond = 1;
        MaxConcurrentRequests = 1;
        return this;
    }
}
