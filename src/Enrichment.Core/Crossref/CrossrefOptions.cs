using System.ComponentModel.DataAnnotations;

namespace Enrichment.Core.Crossref;

/// <summary>How to reach Crossref, and how politely. Bound from the configuration section <c>Crossref</c>.</summary>
/// <remarks>
/// The limit defaults are Crossref's polite pool since 1 December 2025 (Crossref blog, 5 November 2025): single
/// records 10 requests/s and 3 at a time, list and search queries (<c>query.bibliographic</c>) 3/s and 3 at a time.
/// The public pool is 5/s and 1 at a time, searches 1/s and 1 (<see cref="UsePublicPoolLimits"/>). With
/// <see cref="AdaptToRateLimitHeaders"/> on, the <c>X-Rate-Limit-*</c> headers of each answer replace these
/// figures: Crossref says what applies, the constants are only the start.
/// </remarks>
public sealed class CrossrefOptions
{
    public const string SectionName = "Crossref";

    /// <summary>The API root. Tests point it at the fake Crossref on 127.0.0.1.</summary>
    [Required]
    [Url]
    public string BaseUrl { get; set; } = "https://api.crossref.org";

    /// <summary>
    /// A contact address, sent in the User-Agent and as <c>mailto=</c>: it puts requests in Crossref's polite pool.
    /// Required, so a deployment without it fails at start rather than being throttled later.
    /// </summary>
    [Required]
    [EmailAddress]
    public string Mailto { get; set; } = "";

    /// <summary>Per-request timeout. Default 20 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The product part of the User-Agent.</summary>
    [Required]
    public string UserAgentProduct { get; set; } = "Enrichment/1.0 (https://github.com/enrichment/enrichment";

    /// <summary>Requests per second to start with. Default 10 (polite pool).</summary>
    [Range(0.1, 1000)]
    public double RequestsPerSecond { get; set; } = 10;

    /// <summary>Requests in flight at once to start with. Default 3 (polite pool; the public pool allows 1).</summary>
    [Range(1, 100)]
    public int MaxConcurrentRequests { get; set; } = 3;

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
    /// Longest request URL, in characters. A longer one is not sent: it is the record's error
    /// (<see cref="CrossrefRequestRejectedException"/>), never a failed attempt against the circuit. Default 8000.
    /// </summary>
    [Range(512, 65536)]
    public int MaxRequestUriChars { get; set; } = 8000;

    /// <summary>Follow <c>X-Rate-Limit-Limit</c>, <c>X-Rate-Limit-Interval</c> and <c>X-Concurrency-Limit</c>. Default on.</summary>
    public bool AdaptToRateLimitHeaders { get; set; } = true;

    /// <summary>
    /// Fraction of the allowed rate kept in reserve, so network jitter never pushes a burst over the limit.
    /// Default 0.03 (requests are spaced 3% wider than the limit allows).
    /// </summary>
    [Range(0.0, 0.5)]
    public double RateSafetyMargin { get; set; } = 0.03;

    /// <summary>
    /// How much of a slow round trip (beyond the quickest recent one), as a fraction of the rate interval, may be
    /// counted as "this request reached Crossref late" when deciding whether the next one fits in the window.
    /// Higher tolerates longer stalls on a busy host, at some cost in rate when Crossref's answer times vary.
    /// Default 0.1 (100 ms of a 1 s interval).
    /// </summary>
    [Range(0.0, 0.5)]
    public double RateStallAllowance { get; set; } = 0.1;

    /// <summary>Retries after the first attempt on 429, 5xx, timeouts and broken connections. Default 4.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 4;

    /// <summary>First backoff delay; doubled per retry, with jitter. Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest single backoff delay (a longer Retry-After ends the attempt instead). Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Failed attempts (5xx, timeouts, broken connections) that open the circuit when they are all the attempts of
    /// the last <see cref="BreakSamplingDuration"/>: at least this many, and not one success among them. Default 5.
    /// </summary>
    [Range(2, 1000)]
    public int BreakAfterConsecutiveFailures { get; set; } = 5;

    /// <summary>The window in which the circuit counts attempts (Polly's sampling duration). Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan BreakSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open circuit fails fast before letting one probe through. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);

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

    /// <summary>
    /// The wait before retry <paramref name="retry"/> (1-based) of one request: <see cref="RetryBaseDelay"/> doubled
    /// per retry, at most <see cref="RetryMaxDelay"/>, with equal jitter (<paramref name="random"/>, 0 to 1).
    /// </summary>
    public TimeSpan RetryDelayFor(int retry, double random) =>
        CrossrefBackoff.WithEqualJitter(CrossrefBackoff.Exponential(retry, RetryBaseDelay, RetryMaxDelay), random);

    /// <summary>Sets the starting limits of Crossref's public pool (5 requests/s and 1 at a time; searches 1/s).</summary>
    public CrossrefOptions UsePublicPoolLimits()
    {
        RequestsPerSecond = 5;
        SearchRequestsPerSecond = 1;
        MaxConcurrentRequests = 1;
        return this;
    }
}
