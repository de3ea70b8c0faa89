using System.Text.Json;
using Enrichment.Pipeline.Storage;

namespace Enrichment.Pipeline.Api;

/// <summary>A record as the API shows it: the flat columns (<c>retracted</c> among them), then the full JSON documents (the notices themselves under <c>enriched.updates</c>).</summary>
public sealed record RecordView(
    string UploadId,
    string RecordId,
    string? SourceKey,
    int Line,
    RecordStatus Status,
    RecordStage Stage,
    string? Doi,
    string? Title,
    string? FirstAuthor,
    int? Year,
    string? ContainerTitle,
    string? Type,
    bool Retracted,
    IReadOnlyDictionary<string, string> Citations,
    string? Error,
    PipelineStage? ErrorStage,
    string? Warnings,
    JsonElement? Source,
    JsonElement? Enriched,
    JsonElement? Provenance,
    JsonElement? Discrepancies)
{
    public static RecordView From(RecordRow row) => new(
        row.UploadId, row.RecordId, row.SourceKey, row.Line, row.Status, row.Stage, row.Doi, row.Title, row.FirstAuthor,
        row.Year, row.ContainerTitle, row.Type, row.Retracted, row.Citations, row.Error, row.ErrorStage, row.Warnings,
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

/// <summary>An upload as the API shows it: where it is, and its records by status (unfinished ones count as <c>parsed</c>).</summary>
public sealed record UploadSummary(
    string UploadId,
    string FileName,
    string BlobName,
    string? Format,
    UploadStatus Status,
    int? Total,
    int Completed,
    IReadOnlyDictionary<string, int> Counts,
    DateTimeOffset StartedAt,
    DateTimeOffset? ParsedAt,
    DateTimeOffset? FinishedAt,
    string? Error);
