using System.ComponentModel.DataAnnotations;
using Enrichment.Core.Agencies;

namespace Enrichment.Core.DataCite;

/// <summary>How to reach DataCite's REST API, and how politely. Bound from the configuration section <c>DataCite</c>.</summary>
/// <remarks>
/// DataCite's limits are per IP over a rolling 5-minute window: 1,000 requests when identified (an e-mail address in
/// the User-Agent: <see cref="AgencyOptions.Mailto"/>), 500 when not, 3,000 when authenticated (not used here).
/// The default rate is the identified one, spread evenly (1,000 / 300 s); without <c>Mailto</c> the anonymous one
/// applies (<see cref="UseAnonymousLimits"/>). A <c>X-RateLimit-Limit</c> header, counted over
/// <see cref="RateLimitWindow"/>, replaces them, and a 429's Retry-After pauses every request.
/// </remarks>
public sealed class DataCiteOptions : AgencyOptions
{
    public const string SectionName = "DataCite";

    /// <summary>1,000 requests per 5 minutes: DataCite's limit for a client that gives an e-mail address.</summary>
    public const double IdentifiedRequestsPerSecond = 1000 / 300.0;

    /// <summary>500 requests per 5 minutes: DataCite's limit for an anonymous client.</summary>
    public const double AnonymousRequestsPerSecond = 500 / 300.0;

    public DataCiteOptions()
    {
        BaseUrl = "https://api.datacite.org";
        RequestsPerSecond = IdentifiedRequestsPerSecond;
    }

    /// <summary>The window DataCite's <c>X-RateLimit-Limit</c> counts requests in. Default 5 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(5);

    internal override string AgencyName => "DataCite";

    /// <summary>Sets the starting rate of an anonymous client (500 requests per 5 minutes).</summary>
    public DataCiteOptions UseAnonymousLimits()
    {
        RequestsPerSecond = AnonymousRequestsPerSecond;
        return this;
    }
}
