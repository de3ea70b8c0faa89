using System.Text.Json;
using Enrichment.Core.Citations;
using Enrichment.Core.Crossref;
using Enrichment.Core.Formats.CslJson;
using Microsoft.Extensions.Options;
using Enrichment.Core.Identifiers;
using Enrichment.Pipeline.Styles;

namespace Enrichment.Pipeline.Api;

/// <summary><c>GET /api/works/{*doi}</c>: enrich one DOI now and answer with the record and its citations.</summary>
public sealed class WorksApi(ICrossrefClient crossref, ICitationFormatter formatter, IOptions<PipelineOptions> options)
{
    /// <summary>An HTTP caller's request: <paramref name="styles"/> are built-in or container styles only.</summary>
    public Task<ApiResult> GetAsync(string? doiText, string? styles, CancellationToken cancellationToken = default) =>
        GetAsync(doiText, styles, StyleOrigin.Caller, cancellationToken);

    /// <summary>The CLI's request (<see cref="StyleOrigin.Operator"/>: styles may also be files and URLs).</summary>
    public async Task<ApiResult> GetAsync(string? doiText, string? styles, StyleOrigin styleOrigin, CancellationToken cancellationToken = default)
    {
        if (!Doi.TryParse(doiText, out var doi))
        {
            return ApiResult.Problem(400, "Invalid DOI", $"'{doiText}' is not a DOI (expected 10.<registrant>/<suffix>, a doi.org URL or doi:...).");
        }

        // Styles first: a request that cannot be answered costs no Crossref call. No ?style= means the configured ones.
        var origin = string.IsNullOrWhiteSpace(styles) ? StyleOrigin.Operator : styleOrigin;
        var requested = string.IsNullOrWhiteSpace(styles)
            ? options.Value.StyleList
            : styles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var compiled = new List<(string Name, CitationStyle Style)>();
        foreach (var style in requested)
        {
            try
            {
                compiled.Add((style, await formatter.GetStyleAsync(style, origin, cancellationToken).ConfigureAwait(false)));
            }
            catch (UnknownStyleException ex)
            {
                return UnknownStyleProblem.From(ex);
            }
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
        var citations = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, style) in compiled)
        {
            citations[name] = style.FormatEntry(work);
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
