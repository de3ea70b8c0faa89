using System.Text.Json;
using Azure.Data.Tables;
using Enrichment.Pipeline.Storage;

namespace Enrichment.Pipeline.Api;

/// <summary>
/// Filters for listing records. Every value reaches the OData filter through
/// <see cref="TableClient.CreateQueryFilter(FormattableString)"/>, which quotes and escapes it.
/// </summary>
public sealed record RecordQuery(
    string? Status = null,
    string? Doi = null,
    int? Year = null,
    string? Type = null,
    string? Title = null,
    int PageSize = UploadsApi.DefaultPageSize,
    string? ContinuationToken = null)
{
    public static ApiResult? ValidatePageSize(int pageSize) => pageSize is < 1 or > UploadsApi.MaxPageSize
        ? ApiResult.Problem(400, "Invalid page size", $"top must be between 1 and {UploadsApi.MaxPageSize}.")
        : null;

    public ApiResult? Validate()
    {
        if (ValidatePageSize(PageSize) is { } pageProblem)
        {
            return pageProblem;
        }

        if (Status is not null && !RecordStatus.All.Contains(Status))
        {
            return ApiResult.Problem(400, "Invalid status", $"status must be one of {string.Join(", ", RecordStatus.All)}.");
        }

        return null;
    }

    public string ToFilter(string uploadId)
    {
        var parts = new List<string> { TableClient.CreateQueryFilter($"PartitionKey eq {uploadId}") };
        if (Status is not null)
        {
            parts.Add(TableClient.CreateQueryFilter($"Status eq {Status}"));
        }

        if (Doi is not null)
        {
            var doi = Core.Identifiers.Doi.TryParse(Doi, out var parsed) ? parsed.Value : Doi;
            parts.Add(TableClient.CreateQueryFilter($"Doi eq {doi}"));
        }

        if (Year is { } year)
        {
            parts.Add(TableClient.CreateQueryFilter($"Year eq {year}"));
        }

        if (Type is not null)
        {
            parts.Add(TableClient.CreateQueryFilter($"Type eq {Type}"));
        }

        if (Title is not null)
        {
            // Tables have no "contains": a title filter is a prefix match, case as stored.
            parts.Add(TableClient.CreateQueryFilter($"Title ge {Title} and Title lt {Title + "\uffff"}"));
        }

        return string.Join(" and ", parts);
    }
}

/// <summary>A record as the API shows it: the flat columns, then the full JSON documents.</summary>
public sealed record RecordView(
    string UploadId,
    string RecordId,
    string? SourceKey,
    int Line,
    string Status,
    string Stage,
    string? Doi,
    string? Title,
    string? FirstAuthor,
    int? Year,
    string? ContainerTitle,
    string? Type,
    IReadOnlyDictionary<string, string> Citations,
    string? Error,
    string? ErrorStage,
    string? Warnings,
    JsonElement? Source,
    JsonElement? Enriched,
    JsonElement? Provenance,
    JsonElement? Discrepancies)
{
    public static RecordView From(RecordRow row) => new(
        row.UploadId, row.RecordId, row.SourceKey, row.Line, row.Status, row.Stage, row.Doi, row.Title, row.FirstAuthor,
        row.Year, row.ContainerTitle, row.Type, row.Citations, row.Error, row.ErrorStage, row.Warnings,
        Parse(row.SourceJson), Parse(row.EnrichedJson), Parse(row.ProvenanceJson), Parse(row.DiscrepanciesJson));

    private static JsonElement? Parse(string? json)
    {
        if (json is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
