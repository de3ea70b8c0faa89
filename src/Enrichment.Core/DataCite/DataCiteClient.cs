using System.Globalization;
using System.Text.Json;
using Enrichment.Core.Agencies;
using Enrichment.Core.Budget;
using Enrichment.Core.Crossref;
using Enrichment.Core.Identifiers;
using Flurl.Http;
using Flurl.Http.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Enrichment.Core.DataCite;

/// <summary>
/// DataCite's REST API: <c>GET /dois/{doi}</c>, JSON:API. Politeness and resilience are <see cref="AgencyHttp"/>'s,
/// with a limiter of its own at DataCite's figures (<see cref="DataCiteOptions"/>), following its
/// <c>X-RateLimit-Limit</c> header. The answer is the DOI's <c>data.attributes</c>, which
/// <see cref="DataCiteWorkMapper"/> reads.
/// </summary>
public sealed class DataCiteClient : IAgencyClient, IBudgetMember
{
    private readonly DataCiteOptions _options;
    private readonly AgencyHttp _http;

    public DataCiteClient(
        IFlurlClientCache clients,
        IOptions<DataCiteOptions> options,
        TimeProvider? timeProvider = null,
        ILogger<DataCiteClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        var time = timeProvider ?? TimeProvider.System;
        Limiter = new CrossrefRateLimiter(_options, time);
        _http = new AgencyHttp(clients, "application/vnd.api+json", _options, Limiter, time, logger ?? NullLogger<DataCiteClient>.Instance, ReadLimits);
    }

    internal CrossrefRateLimiter Limiter { get; }

    public string BudgetName => "DataCite";

    /// <summary>Takes this instance's share of DataCite's limits (docs/crossref.md, "Many instances": the same budget as Crossref's).</summary>
    public void ApplyShare(BudgetShare share) => Limiter.SetShare(share);

    /// <summary>Takes each start's slot from the schedule every instance shares (<c>datacite-works</c>).</summary>
    public void UseSharedSlots(ISharedSlots slots) => Limiter.UseSharedSlots(slots, "datacite");

    public RegistrationAgency Agency => RegistrationAgency.DataCite;

    public Task<CrossrefWorkResult> GetWorkAsync(Doi doi, CancellationToken cancellationToken = default) =>
        _http.GetWorkAsync(
            RegistrationAgency.DataCite, doi, () => _http.Client.Request("dois").AppendPathSegment(doi.EscapeForPath(), fullyEncode: false),
            ExtractAttributes, cancellationToken);

    private AnnouncedLimits ReadLimits(IFlurlResponse response)
    {
        // Header names are compared without case: DataCite writes X-Ratelimit-Limit.
        response.Headers.TryGetFirst("X-RateLimit-Limit", out var limit);
        var window = ((long)_options.RateLimitWindow.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s";
        return new AnnouncedLimits(limit, window, null);
    }

    /// <summary>The <c>data.attributes</c> object of a <c>/dois/{doi}</c> answer, as raw JSON.</summary>
    internal static string ExtractAttributes(string body, Doi doi)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
                && data.TryGetProperty("attributes", out var attributes) && attributes.ValueKind == JsonValueKind.Object)
            {
                return attributes.GetRawText();
            }
        }
        catch (JsonException ex)
        {
            throw new CrossrefResponseException(
                $"DataCite returned unreadable JSON for {doi} ({AgencyHttp.Describe(body)}): {ex.Message}", ex);
        }

        throw new CrossrefResponseException($"DataCite returned no DOI object for {doi} ({AgencyHttp.Describe(body)})");
    }
}
