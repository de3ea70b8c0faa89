using System.Text.Json;
using Enrichment.Core.Citations;
using Enrichment.Core.Crossref;
using Enrichment.Core.Formats.CslJson;
using Enrichment.Core.Identifiers;
using Enrichment.Core.Records;
using Microsoft.Extensions.Options;

namespace Enrichment.Pipeline.Api;

/// <summary>What looking one DOI up came to: the record and its citations, or why there are none.</summary>
public abstract record WorkLookup
{
    private WorkLookup()
    {
    }

    public sealed record Found(Doi Doi, Reference Record, IReadOnlyDictionary<string, string> Citations) : WorkLookup;

    public sealed record InvalidDoi(string? Text) : WorkLookup;

    public sealed record NotFound(Doi Doi) : WorkLookup;

    public sealed record UnknownStyle(string Style) : WorkLookup;

    public sealed record TooManyStyles(int Max) : WorkLookup;

    public sealed record Unavailable(string Reason, TimeSpan RetryAfter) : WorkLookup;

    public sealed record Unreadable(string Reason) : WorkLookup;
}

/// <summary>
/// <c>GET /api/works/{*doi}</c> and <c>enrich lookup</c>: enrich one DOI now. <see cref="LookupAsync"/> is the
/// use case; <see cref="GetAsync"/> its HTTP answer.
/// </summary>
public sealed class WorksApi(ICrossrefClient crossref, ICitationFormatter formatter, IOptions<PipelineOptions> options)
{
    /// <summary>Styles one lookup renders at most: each unknown name may cost a look in the styles container.</summary>
    public const int MaxStylesPerLookup = 10;

    /// <summary>The use case; <paramref name="styleOrigin"/> is Caller for HTTP (built-in and container styles only), Operator for the CLI (also files and URLs).</summary>
    public async Task<WorkLookup> LookupAsync(string? doiText, string? styles, StyleOrigin styleOrigin, CancellationToken cancellationToken = default)
    {
        if (!Doi.TryParse(doiText, out var doi))
        {
            return new WorkLookup.InvalidDoi(doiText);
        }

        // No ?style= means the configured styles: the operator's choice.
        var origin = string.IsNullOrWhiteSpace(styles) ? StyleOrigin.Operator : styleOrigin;
        var requested = string.IsNullOrWhiteSpace(styles)
            ? options.Value.StyleList
            : styles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (requested.Count > MaxStylesPerLookup)
        {
            return new WorkLookup.TooManyStyles(MaxStylesPerLookup);
        }

        var compiled = new List<(string Name, CitationStyle Style)>();
        foreach (var style in requested)
        {
            if (await StyleChoice.ResolveAsync(formatter, style, origin, cancellationToken).ConfigureAwait(false) is not { } citationStyle)
            {
                return new WorkLookup.UnknownStyle(style);
            }

            compiled.Add((style, citationStyle));
        }

        CrossrefWorkResult result;
        try
        {
            result = await crossref.GetWorkAsync(doi, cancellationToken).ConfigureAwait(false);
        }
        catch (CrossrefUnavailableException ex)
        {
            return new WorkLookup.Unavailable(ex.Message, ex.RetryAfter ?? TimeSpan.FromSeconds(30));
        }
        catch (CrossrefResponseException ex)
        {
            return new WorkLookup.Unreadable(ex.Message);
        }

        if (!result.Found)
        {
            return new WorkLookup.NotFound(doi);
        }

        var work = CrossrefWorkMapper.Map(result.ParseMessage());
        var citations = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, style) in compiled)
        {
            citations[name] = style.FormatEntry(work);
        }

        return new WorkLookup.Found(doi, work, citations);
    }

    public async Task<ApiResult> GetAsync(string? doiText, string? styles, CancellationToken cancellationToken = default) =>
        await LookupAsync(doiText, styles, StyleOrigin.Caller, cancellationToken).ConfigureAwait(false) switch
        {
            WorkLookup.Found found => Ok(found),
            WorkLookup.InvalidDoi invalid => ApiResult.Problem(
                400, "Invalid DOI", $"'{ApiRequest.Shorten(invalid.Text ?? "")}' is not a DOI (expected 10.<registrant>/<suffix>, a doi.org URL or doi:...)."),
            WorkLookup.NotFound notFound => ApiResult.Problem(
                404, "Not in Crossref", $"Crossref does not know {notFound.Doi}. It may be registered with another agency (DataCite, mEDRA)."),
            WorkLookup.UnknownStyle unknown => StyleChoice.Unknown(unknown.Style, formatter),
            WorkLookup.TooManyStyles tooMany => ApiResult.Problem(400, "Too many styles", $"Ask for at most {tooMany.Max} styles at once."),
            WorkLookup.Unavailable unavailable => ApiResult.Problem(503, "Crossref unavailable", unavailable.Reason, unavailable.RetryAfter),
            WorkLookup.Unreadable unreadable => ApiResult.Problem(502, "Unreadable Crossref answer", unreadable.Reason),
            _ => ApiResult.Problem(500),
        };

    private static ApiResult Ok(WorkLookup.Found found)
    {
        using var record = JsonDocument.Parse(CslJsonConvert.Serialize(found.Record));
        return ApiResult.Ok(new
        {
            doi = found.Doi.Value,
            retracted = WorkUpdates.IsRetracted(found.Record),
            record = record.RootElement.Clone(),
            citations = found.Citations,
        });
    }
}
