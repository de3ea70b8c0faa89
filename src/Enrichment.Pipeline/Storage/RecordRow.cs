using System.Collections.Immutable;

namespace Enrichment.Pipeline.Storage;

/// <summary>
/// One record of one upload, as stored in <c>Records</c> (partition = upload id, row = the entry's position
/// in the file, zero-padded so rows sort in file order). Flat columns for querying; the full records as JSON.
/// </summary>
public sealed record RecordRow
{
    public required string UploadId { get; init; }

    public required string RecordId { get; init; }

    /// <summary>The citation key or source id, as the file had it (or generated).</summary>
    public string? SourceKey { get; init; }

    public int Line { get; init; }

    public string Status { get; init; } = RecordStatus.Parsed;

    public string Stage { get; init; } = RecordStage.Enrich;

    public string? Doi { get; init; }

    public string? Title { get; init; }

    public string? FirstAuthor { get; init; }

    public int? Year { get; init; }

    public string? ContainerTitle { get; init; }

    public string? Type { get; init; }

    /// <summary>The record as parsed from the file, CSL-JSON.</summary>
    public string? SourceJson { get; init; }

    /// <summary>The merged record, CSL-JSON.</summary>
    public string? EnrichedJson { get; init; }

    public string? ProvenanceJson { get; init; }

    public string? DiscrepanciesJson { get; init; }

    /// <summary>Style name to formatted citation.</summary>
    public ImmutableSortedDictionary<string, string> Citations { get; init; } = EmptyCitations;

    public static ImmutableSortedDictionary<string, string> EmptyCitations { get; } =
        ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal);

    public string? Error { get; init; }

    public string? ErrorStage { get; init; }

    /// <summary>Parse warnings (missing key, duplicate key...), one per line.</summary>
    public string? Warnings { get; init; }

    public bool Completed => Stage == RecordStage.Done;

    /// <summary>The record to show, format and export: the merge with Crossref when there is one, else the source.</summary>
    public string? CurrentJson => EnrichedJson ?? SourceJson;

    public static string RecordIdFor(int index) => index.ToString("D8", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The entry position a record id names (the inverse of <see cref="RecordIdFor"/>); false for anything else.</summary>
    public static bool TryIndexOf(string recordId, out int index) =>
        int.TryParse(recordId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out index);

    /// <summary>The entry position of a record id this project wrote.</summary>
    public static int IndexOf(string recordId) =>
        TryIndexOf(recordId, out var index) ? index : throw new FormatException($"'{recordId}' is not a record id");
}
