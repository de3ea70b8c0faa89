using System.Collections.Immutable;
using System.Text.Json;
using Enrichment.Core.Enrichment;
using Enrichment.Core.Formats;
using Enrichment.Core.Formats.CslJson;
using Enrichment.Core.Records;

namespace Enrichment.Pipeline.Storage;

/// <summary>
/// One record of one upload, as stored in <c>Records</c> (partition = upload id, row = the entry's position
/// in the file, <see cref="RecordIds"/>). Flat columns for querying; the full records as JSON. A record moves
/// from state to state only through the methods below: this type owns its status, stage and error.
/// </summary>
public sealed partial record RecordRow
{
    public required string UploadId { get; init; }

    public required string RecordId { get; init; }

    /// <summary>The citation key or source id, as the file had it (or generated).</summary>
    public string? SourceKey { get; init; }

    public int Line { get; init; }

    public RecordStatus Status { get; init; } = RecordStatus.Parsed;

    public RecordStage Stage { get; init; } = RecordStage.Enrich;

    public string? Doi { get; init; }

    public string? Title { get; init; }

    public string? FirstAuthor { get; init; }

    public int? Year { get; init; }

    public string? ContainerTitle { get; init; }

    public string? Type { get; init; }

    /// <summary>A notice retracts the work (Crossref's <c>updated-by</c>, publisher or Retraction Watch); the updates themselves are in the JSON.</summary>
    public bool Retracted { get; init; }

    /// <summary>The record as parsed from the file, CSL-JSON.</summary>
    public string? SourceJson { get; init; }

    /// <summary>The merged record, CSL-JSON.</summary>
    public string? EnrichedJson { get; init; }

    public string? ProvenanceJson { get; init; }

    public string? DiscrepanciesJson { get; init; }

    /// <summary>Style name (as configured or asked for: <c>chicago-author-date</c>) to formatted citation.</summary>
    public ImmutableSortedDictionary<string, string> Citations { get; init; } = EmptyCitations;

    public static ImmutableSortedDictionary<string, string> EmptyCitations { get; } =
        ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal);

    public string? Error { get; init; }

    public PipelineStage? ErrorStage { get; init; }

    /// <summary>Parse warnings (missing key, duplicate key...), one per line.</summary>
    public string? Warnings { get; init; }

    /// <summary>How many times the recovery sweep has restarted this record (a record that keeps stalling fails).</summary>
    public int Recoveries { get; init; }

    public bool Completed => Stage == RecordStage.Done;

    /// <summary>The record to show, format and export: the merge with Crossref when there is one, else the source.</summary>
    public string? CurrentJson => EnrichedJson ?? SourceJson;

    /// <summary>A new row for the <paramref name="index"/>-th entry of a file: parsed, or invalid with its line and reason.</summary>
    public static RecordRow Read(string uploadId, int index, ParsedRecord parsed)
    {
        var warnings = parsed.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning).Select(d => d.ToString()).ToList();
        var row = new RecordRow
        {
            UploadId = uploadId,
            RecordId = RecordIds.For(index),
            SourceKey = parsed.Key,
            Line = parsed.Line,
            Warnings = warnings.Count == 0 ? null : string.Join('\n', warnings),
        };

        if (parsed.Reference is not { } reference)
        {
            return row with
            {
                Status = RecordStatus.Invalid,
                Stage = RecordStage.Done,
                Error = $"line {parsed.Line}, column {parsed.Column}: {parsed.Error}",
                ErrorStage = PipelineStage.Parse,
            };
        }

        return row.WithColumns(reference) with { SourceJson = CslJsonConvert.Serialize(reference) };
    }

    /// <summary>Crossref answered (or the search decided): the merge is kept and the record goes on to Format.</summary>
    public RecordRow Enriched(RecordStatus status, EnrichedRecord enriched) => WithColumns(enriched.Merged) with
    {
        Status = status,
        Stage = RecordStage.Format,
        EnrichedJson = CslJsonConvert.Serialize(enriched.Merged),
        ProvenanceJson = JsonSerializer.Serialize(enriched.FieldProvenance, StoredJson.Options),
        DiscrepanciesJson = enriched.Discrepancies.IsEmpty ? null : JsonSerializer.Serialize(enriched.Discrepancies, StoredJson.Options),
        Error = string.IsNullOrEmpty(enriched.Reason) ? null : enriched.Reason,
        ErrorStage = string.IsNullOrEmpty(enriched.Reason) ? null : PipelineStage.Enrich,
    };

    /// <summary>Crossref is unavailable: the record stays where it is, and says when it tries again.</summary>
    public RecordRow WaitingForCrossref(string note) => this with { Error = note, ErrorStage = PipelineStage.Enrich };

    /// <summary>Enrichment failed for good: the record says why, and is still formatted from its source.</summary>
    public RecordRow EnrichmentFailed(string reason) =>
        this with { Status = RecordStatus.Failed, Stage = RecordStage.Format, Error = reason, ErrorStage = PipelineStage.Enrich };

    /// <summary>Citations rendered: the record is done. A style that could not render is noted beside any earlier error.</summary>
    public RecordRow Formatted(ImmutableSortedDictionary<string, string> citations, IReadOnlyList<string> problems) => this with
    {
        Stage = RecordStage.Done,
        Citations = citations,
        Error = problems.Count == 0 ? Error : string.Join("; ", problems.Prepend(Error ?? "").Where(p => p.Length > 0)),
        ErrorStage = problems.Count == 0 ? ErrorStage : PipelineStage.Format,
    };

    /// <summary>The record cannot go on (its message was poisoned, its upload failed, it kept stalling): it is done, failed, with the reason.</summary>
    public RecordRow Failed(PipelineStage stage, string reason) => this with
    {
        Status = RecordStatus.Failed,
        Stage = RecordStage.Done,
        Error = Error is null ? reason : $"{reason} Last error: {Error}",
        ErrorStage = stage,
    };

    /// <summary>The flat, filterable columns taken from a record.</summary>
    public RecordRow WithColumns(Reference reference)
    {
        var first = reference.Authors.FirstOrDefault(a => !a.IsOthers);
        return this with
        {
            Doi = Core.Identifiers.Doi.TryParse(reference.DoiText, out var doi) ? doi.Value : reference.DoiText,
            Title = PlainText(reference.Title),
            FirstAuthor = first?.Family is null ? first?.Literal : first.FamilyWithParticle,
            Year = reference.Year,
            ContainerTitle = PlainText(reference.Get("container-title")),
            Type = reference.Type,
            Retracted = WorkUpdates.IsRetracted(reference),
        };
    }

    /// <summary>
    /// A flat column holds text people filter on: the CSL rich-text tags (case protection, italics) go. Not the
    /// CSL engine's plain-text rendering, which also curls quotes: a filter must match what the user typed.
    /// </summary>
    internal static string? PlainText(string? value) =>
        value is null || !value.Contains('<', StringComparison.Ordinal) ? value : RichTextTag().Replace(value, "");

    [System.Text.RegularExpressions.GeneratedRegex("</?(?:span|i|b|sup|sub)(?:\\s[^>]*)?>", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex RichTextTag();
}

/// <summary>The JSON shape of the documents stored beside a record (provenance, discrepancies): camelCase.</summary>
internal static class StoredJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
