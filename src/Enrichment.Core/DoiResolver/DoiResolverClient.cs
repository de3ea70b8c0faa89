using System.Text.Json;
using System.Text.Json.Nodes;
using Enrichment.Core.Agencies;
using Enrichment.Core.Crossref;
using Enrichment.Core.Formats.CslJson;
using Enrichment.Core.Identifiers;
using Enrichment.Core.Records;
using Flurl.Http;
using Flurl.Http.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Enrichment.Core.DoiResolver;

/// <summary>
/// DOI content negotiation: <c>GET {resolver}/{doi}</c> with <c>Accept: application/vnd.citationstyles.csl+json</c>.
/// The resolver redirects to the registering agency, whatever it is, and the answer is one CSL-JSON item. Asked
/// last, for DOIs Crossref and DataCite do not know. Politeness and resilience are <see cref="AgencyHttp"/>'s.
/// </summary>
public sealed class DoiResolverClient : IAgencyClient
{
    public const string CslJsonMediaType = "application/vnd.citationstyles.csl+json";

    private readonly AgencyHttp _http;

    public DoiResolverClient(
        IFlurlClientCache clients,
        IOptions<DoiResolverOptions> options,
        TimeProvider? timeProvider = null,
        ILogger<DoiResolverClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(options);
        var time = timeProvider ?? TimeProvider.System;
        _http = new AgencyHttp(
            clients, CslJsonMediaType, options.Value, new CrossrefRateLimiter(options.Value, time), time,
            logger ?? NullLogger<DoiResolverClient>.Instance, static _ => default);
    }

    public RegistrationAgency Agency => RegistrationAgency.DoiResolver;

    public Task<CrossrefWorkResult> GetWorkAsync(Doi doi, CancellationToken cancellationToken = default) =>
        _http.GetWorkAsync(
            RegistrationAgency.DoiResolver, doi, () => _http.Client.Request().AppendPathSegment(doi.EscapeForPath(), fullyEncode: false),
            CheckItem, cancellationToken);

    /// <summary>The answer must be one CSL-JSON item (an object); anything else is the record's error.</summary>
    internal static string CheckItem(string body, Doi doi)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document.RootElement.GetRawText();
            }
        }
        catch (JsonException ex)
        {
            throw new CrossrefResponseException(
                $"doi.org returned unreadable JSON for {doi} ({AgencyHttp.Describe(body)}): {ex.Message}", ex);
        }

        throw new CrossrefResponseException($"doi.org returned no CSL-JSON item for {doi} ({AgencyHttp.Describe(body)})");
    }

    /// <summary>
    /// The resolver's CSL-JSON item as a record; its DOI is the one asked for when it gives none. The agencies add
    /// members of their own (Crossref's <c>indexed</c>, <c>link</c>, ORCID flags on names...): only CSL's shapes are
    /// read (text and number variables, names, dates), the rest is left out rather than failing the record.
    /// </summary>
    public static Reference Map(JsonElement item, Doi doi)
    {
        Reference reference;
        try
        {
            reference = CslJsonConvert.Read(JsonSerializer.SerializeToElement(CslOnly(item, doi)));
        }
        catch (FormatException ex)
        {
            throw new CrossrefResponseException($"doi.org returned a CSL-JSON item that cannot be read for {doi}: {ex.Message}", ex);
        }

        var ownDoi = reference.DoiText is { } text && Doi.TryParse(text, out var parsed) ? parsed.Value : doi.Value;
        return reference with { Id = ownDoi, Variables = reference.Variables.SetItem("DOI", ownDoi) };
    }

    private static readonly string[] NameParts = ["family", "given", "literal", "suffix", "dropping-particle", "non-dropping-particle"];
    private static readonly string[] DateParts = ["date-parts", "literal", "raw", "season", "circa"];

    private static JsonObject CslOnly(JsonElement item, Doi doi)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new CrossrefResponseException($"doi.org returned no CSL-JSON item for {doi}");
        }

        var clean = new JsonObject { ["id"] = doi.Value };
        foreach (var property in item.EnumerateObject())
        {
            var value = property.Value;
            if (property.Name == "id")
            {
                continue;
            }

            if (CslJsonConvert.IsNameVariable(property.Name))
            {
                if (value.ValueKind == JsonValueKind.Array)
                {
                    clean[property.Name] = new JsonArray([.. value.EnumerateArray().Where(n => n.ValueKind == JsonValueKind.Object).Select(n => (JsonNode)Only(n, NameParts))]);
                }
            }
            else if (CslJsonConvert.IsDateVariable(property.Name))
            {
                if (value.ValueKind == JsonValueKind.Object)
                {
                    clean[property.Name] = Only(value, DateParts);
                }
            }
            else if (value.ValueKind is JsonValueKind.String or JsonValueKind.Number)
            {
                clean[property.Name] = JsonValue.Create(value);
            }
        }

        return clean;
    }

    private static JsonObject Only(JsonElement element, string[] names)
    {
        var kept = new JsonObject();
        foreach (var property in element.EnumerateObject().Where(p => names.Contains(p.Name, StringComparer.Ordinal)))
        {
            kept[property.Name] = JsonNode.Parse(property.Value.GetRawText());
        }

        return kept;
    }
}
