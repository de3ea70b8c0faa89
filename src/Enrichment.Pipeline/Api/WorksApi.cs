using System.Text.Json;
using Enrichment.Core.Citations;
using Enrichment.Core.Crossref;
using Enrichment.Core.Formats.CslJson;
using Microsoft.Extensions.Options;
using Enrichment.Core.Identifiers;

namespace Enrichment.Pipeline.Api;

/// <summary><c>GET /api/works/{*doi}</c>: enrich one DOI now and answer with the record and its citations.</summary>
public sealed class WorksApi(ICrossrefClient crossref, ICitationFormatter formatter, IOptions<PipelineOptions> options)
{
    public async Task<ApiResult> GetAsync(string? doiText, string? styles, CancellationToken cancellationToken = default)
    {
        if (!Doi.TryParse(doiText, out var doi))
        {
            return ApiResult.Problem(400, "Invalid DOI", $"'{doiText}' is not a DOI (expected 10.<registrant>/<suffix>, a doi.org URL or doi:...).");
        }

        CrossrefWorkResult result;
        try
        {
            result = await crossref.GetWorkAsync(doi, cancellationToken).ConfigureAwait(false);
        }
        catch (CrossrefUnavailableException ex)
        {
            return ApiResult.Problem(503, "Crossref unavailable", ex.Message, ex.RetryAfter ?? TimeSpan.FromSeconds(30));
        }
        catch (CrossrefResponseException ex)
        {
            return ApiResult.Problem(502, "Unreadable Crossref answer", ex.Message);
        }

        if (!result.Found)
        {
            return ApiResult.Problem(404, "Not in Crossref", $"Crossref does not know {doi}. It may be registered with another agency (DataCite, mEDRA).");
        }

        var work = CrossrefWorkMapper.Map(result.ParseMessage());
        var requested = string.IsNullOrWhiteSpace(styles)
            ? options.Value.StyleList
            : styles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var citations = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var style in requested)
        {
            try
            {
                citations[style] = formatter.FormatEntry(work, style);
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException or KeyNotFoundException)
            {
                return ApiResult.Problem(400, "Unknown style", $"Style '{style}' cannot be used: {ex.Message}");
            }
        }

        using var record = JsonDocument.Parse(CslJsonConvert.Serialize(work));
        return ApiResult.Ok(new
        {
            doi = doi.Value,
            record = record.RootElement.Clone(),
            citations,
        });
    }
}
