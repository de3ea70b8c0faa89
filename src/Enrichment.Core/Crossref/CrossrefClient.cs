using System.Collections.Immutable;
using System.Text.Json;
using Flurl.Http;
using Flurl.Http.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

using Enrichment.Core.Agencies;
using Enrichment.Core.Budget;
using Enrichment.Core.Identifiers;

namespace Enrichment.Core.Crossref;

/// <summary>
/// The Crossref REST API over Flurl.Http: one client for the one target, in the polite pool (<c>mailto</c> in the
/// User-Agent and the query), with all resilience in one place: a limiter that keeps to Crossref's rate and
/// concurrency limits and follows its headers, retries with exponential backoff and jitter on 429, 5xx, timeouts
/// and broken connections (Retry-After honoured), and a circuit breaker that fails fast while Crossref is down.
/// Retry and circuit are Polly's, in <see cref="AgencyHttp"/> (shared with the other agencies); the limiter is hand-written (see there).
/// </summary>
public sealed class CrossrefClient : ICrossrefClient, IAgencyClient, IBudgetMember
{
    private readonly CrossrefOptions _options;
    private readonly AgencyHttp _http;

    public CrossrefClient(
        IFlurlClientCache clients,
        IOptions<CrossrefOptions> options,
        TimeProvider? timeProvider = null,
        ILogger<CrossrefClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        var time = timeProvider ?? TimeProvider.System;
        Limiter = new CrossrefRateLimiter(_options, time);
        _http = new AgencyHttp(clients, "application/json", _options, Limiter, time, logger ?? NullLogger<CrossrefClient>.Instance, ReadLimits);
    }

    internal CrossrefRateLimiter Limiter { get; }

    public RegistrationAgency Agency => RegistrationAgency.Crossref;

    public string BudgetName => "Crossref";

    /// <summary>Takes this instance's share of Crossref's limits (see docs/crossref.md, "Many instances").</summary>
    public void ApplyShare(BudgetShare share) => Limiter.SetShare(share);

    /// <summary>Takes each start's slot from the schedule every instance shares (see docs/crossref.md, "Many instances").</summary>
    public void UseSharedSlots(ISharedSlots slots) => Limiter.UseSharedSlots(slots, "crossref");

    /// <summary>True while the circuit fails calls fast (open, or isolated by hand).</summary>
    internal bool CircuitIsOpen => _http.CircuitIsOpen;

    public Task<CrossrefWorkResult> GetWorkAsync(Doi doi, CancellationToken cancellationToken = default) =>
        _http.GetWorkAsync(
            RegistrationAgency.Crossref, doi, () => Request().AppendPathSegment(doi.EscapeForPath(), fullyEncode: false), ExtractMessage, cancellationToken);

    public async Task<ImmutableArray<CrossrefSearchHit>> SearchAsync(
        string bibliographicQuery, int rows = 2, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bibliographicQuery);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rows, 100);

        // A record's field may be megabytes long: Crossref needs its first few hundred characters, not a URL no
        // server accepts (whose failure would count against the circuit every caller shares).
        var query = CrossrefQuery.Cap(bibliographicQuery, _options.MaxQueryChars);
        var body = await _http.SendAsync(
            CrossrefPool.Lists,
            () => Request()
                .SetQueryParam("query.bibliographic", query)
                .SetQueryParam("rows", rows),
            "search " + CrossrefQuery.Describe(query),
            cancellationToken).ConfigureAwait(false);
        return body is null ? [] : ExtractItems(body);
    }

    /// <summary><c>/works</c> with <c>mailto=</c>: the polite pool (the User-Agent carries it too).</summary>
    private IFlurlRequest Request() => _http.Client.Request("works").SetQueryParam("mailto", _options.Mailto);

    private static AnnouncedLimits ReadLimits(IFlurlResponse response)
    {
        response.Headers.TryGetFirst("X-Rate-Limit-Limit", out var limit);
        response.Headers.TryGetFirst("X-Rate-Limit-Interval", out var interval);
        response.Headers.TryGetFirst("X-Concurrency-Limit", out var concurrency);
        return new AnnouncedLimits(limit, interval, concurrency);
    }

    internal static string ExtractMessage(string body, Doi doi)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("message", out var message)
                && message.ValueKind == JsonValueKind.Object)
            {
                return message.GetRawText();
            }
        }
        catch (JsonException ex)
        {
            throw new CrossrefResponseException(
                $"Crossref returned unreadable JSON for {doi} ({AgencyHttp.Describe(body)}): {ex.Message}", ex);
        }

        throw new CrossrefResponseException($"Crossref returned no work object for {doi} ({AgencyHttp.Describe(body)})");
    }

    internal static ImmutableArray<CrossrefSearchHit> ExtractItems(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("message", out var message)
                || message.ValueKind != JsonValueKind.Object
                || !message.TryGetProperty("items", out var items)
                || items.ValueKind != JsonValueKind.Array)
            {
                throw new CrossrefResponseException($"Crossref returned no list of works for a search ({AgencyHttp.Describe(body)})");
            }

            var hits = ImmutableArray.CreateBuilder<CrossrefSearchHit>();
            foreach (var item in items.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object
                    && item.TryGetProperty("DOI", out var doiText) && doiText.ValueKind == JsonValueKind.String
                    && Doi.TryParse(doiText.GetString(), out var doi))
                {
                    var score = item.TryGetProperty("score", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetDouble() : 0;
                    hits.Add(new CrossrefSearchHit(doi, score, item.GetRawText()));
                }
            }

            return hits.ToImmutable();
        }
        catch (JsonException ex)
        {
            throw new CrossrefResponseException($"Crossref returned unreadable JSON for a search ({AgencyHttp.Describe(body)}): {ex.Message}", ex);
        }
    }
}
