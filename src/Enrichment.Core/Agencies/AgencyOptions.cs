using System.ComponentModel.DataAnnotations;
using Enrichment.Core.Crossref;

namespace Enrichment.Core.Agencies;

/// <summary>
/// What every registration agency's client needs: where it is, who is asking, how fast, and how to retry and break.
/// <see cref="CrossrefOptions"/>, <see cref="DataCite.DataCiteOptions"/> and <see cref="DoiResolver.DoiResolverOptions"/>
/// derive from it, each with its own section and defaults; <see cref="AgencyHttp"/> and the limiter read only these.
/// </summary>
public abstract class AgencyOptions : IValidatableObject
{
    /// <summary>The API root. Tests point it at a fake on 127.0.0.1.</summary>
    [Required]
    [Url]
    public string BaseUrl { get; set; } = "";

    /// <summary>A contact address, sent in the User-Agent (and, for Crossref, as <c>mailto=</c>).</summary>
    public string Mailto { get; set; } = "";

    /// <summary>Per-request timeout. Default 20 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The product part of the User-Agent.</summary>
    [Required]
    public string UserAgentProduct { get; set; } = "Enrichment/1.0 (https://github.com/enrichment/enrichment";

    /// <summary>Requests per second to start with (the agency's headers may replace it).</summary>
    [Range(0.1, 1000)]
    public double RequestsPerSecond { get; set; } = 10;

    /// <summary>Requests in flight at once to start with.</summary>
    [Range(1, 100)]
    public int MaxConcurrentRequests { get; set; } = 3;

    /// <summary>
    /// Longest request URL, in characters. A longer one is not sent: it is the record's error
    /// (<see cref="CrossrefRequestRejectedException"/>), never a failed attempt against the circuit. Default 8000.
    /// </summary>
    [Range(512, 65536)]
    public int MaxRequestUriChars { get; set; } = 8000;

    /// <summary>Follow the rate and concurrency headers of each answer. Default on.</summary>
    public bool AdaptToRateLimitHeaders { get; set; } = true;

    /// <summary>
    /// Fraction of the allowed rate kept in reserve, so network jitter never pushes a burst over the limit.
    /// Default 0.03 (requests are spaced 3% wider than the limit allows).
    /// </summary>
    [Range(0.0, 0.5)]
    public double RateSafetyMargin { get; set; } = 0.03;

    /// <summary>
    /// How much of a slow round trip (beyond the quickest recent one), as a fraction of the rate interval, may be
    /// counted as "this request reached the agency late" when deciding whether the next one fits in the window.
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

    /// <summary>The agency's name in logs, errors and provenance (<c>Crossref</c>, <c>DataCite</c>, <c>doi.org</c>).</summary>
    internal abstract string AgencyName { get; }

    /// <summary>Whether a start without <see cref="Mailto"/> is refused (Crossref's polite pool needs it).</summary>
    internal virtual bool MailtoRequired => false;

    /// <summary>The rate of list and search queries; agencies without searches pace everything alike.</summary>
    internal virtual double ListRequestsPerSecond => RequestsPerSecond;

    /// <summary>The User-Agent: the product, and the contact when there is one.</summary>
    internal string UserAgent => string.IsNullOrWhiteSpace(Mailto) ? UserAgentProduct + ")" : $"{UserAgentProduct}; mailto:{Mailto})";

    /// <summary>
    /// The wait before retry <paramref name="retry"/> (1-based) of one request: <see cref="RetryBaseDelay"/> doubled
    /// per retry, at most <see cref="RetryMaxDelay"/>, with equal jitter (<paramref name="random"/>, 0 to 1).
    /// </summary>
    public TimeSpan RetryDelayFor(int retry, double random) =>
        CrossrefBackoff.WithEqualJitter(CrossrefBackoff.Exponential(retry, RetryBaseDelay, RetryMaxDelay), random);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Mailto))
        {
            if (MailtoRequired)
            {
                yield return new ValidationResult($"The {nameof(Mailto)} field is required.", [nameof(Mailto)]);
            }
        }
        else if (!new EmailAddressAttribute().IsValid(Mailto))
        {
            yield return new ValidationResult($"The {nameof(Mailto)} field is not a valid e-mail address.", [nameof(Mailto)]);
        }
    }
}
