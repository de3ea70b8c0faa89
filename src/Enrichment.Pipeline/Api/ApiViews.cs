using System.Text.Json;
using Enrichment.Core.DataCite;
using Enrichment.Core.Formats.CslJson;
using Enrichment.Core.Identifiers;
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
    string? Agency,
    RecordIdentifiers Identifiers,
    bool Retracted,
    string? DuplicateOf,
    IReadOnlyDictionary<string, string> Citations,
    string? Error,
    PipelineStage? ErrorStage,
    string? Warnings,
    JsonElement? Source,
    JsonElement? Enriched,
    JsonElement? Provenance,
    JsonElement? Discrepancies,
    RecordCitation? Citation = null)
{
    public static RecordView From(RecordRow row) => new(
        row.UploadId, row.RecordId, row.SourceKey, row.Line, row.Status, row.Stage, row.Doi, row.Title, row.FirstAuthor,
        row.Year, row.ContainerTitle, row.Type, row.Agency, RecordIdentifiers.Of(row.CurrentJson), row.Retracted, row.DuplicateOf, row.Citations, row.Error, row.ErrorStage, row.Warnings,
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

/// <summary>
/// A record's citation in the style a listing asked for (<c>?style=</c>): HTML (italics and the like kept) and plain
/// text, or why the style could not render this record.
/// </summary>
public sealed record RecordCitation(string Style, string? Html, string? Text, string? Error);

/// <summary>
/// The identifiers a record carries besides its DOI, as the API shows them: PubMed's and PubMed Central's ids, the
/// arXiv id (with its version), the ISBNs as checksum-valid ISBN-13s, and the DOI of the published version that
/// DataCite names for a preprint or deposit.
/// </summary>
public sealed record RecordIdentifiers(string? Pmid, string? Pmcid, string? Arxiv, IReadOnlyList<string> Isbn13, string? PublishedDoi)
{
    public static RecordIdentifiers Of(string? json)
    {
        if (json is null)
        {
            return new RecordIdentifiers(null, null, null, [], null);
        }

        var record = CslJsonConvert.Deserialize(json);
        return new RecordIdentifiers(
            record.Get("PMID"),
            record.Get("PMCID"),
            ArxivId.TryFind(record, out var arxiv) ? arxiv.WithVersion : null,
            Isbn.All(record.Get("ISBN")),
            record.Custom.GetValueOrDefault(DataCiteWorkMapper.PublishedDoiField));
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
