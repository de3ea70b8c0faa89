using Enrichment.Pipeline.Storage;

namespace Enrichment.Pipeline.Api;

/// <summary>The filters and paging of a records listing, read from the query string before anything is looked up.</summary>
public sealed record RecordListQuery(
    RecordStatus? Status = null,
    string? Doi = null,
    int? Year = null,
    string? Type = null,
    string? Title = null,
    bool? Retracted = null,
    int PageSize = RecordListQuery.DefaultPageSize,
    string? ContinuationToken = null)
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    /// <summary>The query, or a 400 problem naming the parameter that is wrong.</summary>
    public static (RecordListQuery? Query, ApiResult? Problem) From(ApiRequest request)
    {
        RecordStatus? status = null;
        if (request.Text("status") is { } statusText)
        {
            if (!StateNames.TryParseStatus(statusText, out var parsed))
            {
                return (null, ApiResult.Problem(400, "Invalid status", $"status must be one of {string.Join(", ", StateNames.AllStatuses)}."));
            }

            status = parsed;
        }

        var (year, yearProblem) = request.Integer("year", -9999, 9999);
        var (top, topProblem) = request.Integer("top", 1, MaxPageSize);
        var (retracted, retractedProblem) = request.Boolean("retracted");
        if ((yearProblem ?? topProblem ?? retractedProblem) is { } problem)
        {
            return (null, problem);
        }

        // The DOI column holds normalised DOIs: a filter given as a URL or in capitals still matches.
        var doi = request.Text("doi") is { } doiText && Core.Identifiers.Doi.TryParse(doiText, out var parsedDoi) ? parsedDoi.Value : request.Text("doi");
        return (new RecordListQuery(status, doi, year, request.Text("type"), request.Text("title"), retracted, top ?? DefaultPageSize, request.Text("continuationToken")), null);
    }

    public RecordFilter ToFilter(string uploadId) => RecordFilter.ForUpload(uploadId, Status, Doi, Year, Type, Title, Retracted);
}
