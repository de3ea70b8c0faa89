using System.Collections.Immutable;
using Enrichment.Core.Records;

namespace Enrichment.Core.Enrichment;

/// <summary>Where a merged field's value came from.</summary>
public static class Provenance
{
    public const string Source = "source";
    public const string Crossref = "crossref";
    public const string Both = "both";
}

/// <summary>A field on which the source and Crossref disagree; the merged record took <see cref="Chosen"/>.</summary>
public sealed record Discrepancy(string Field, string? SourceValue, string? CrossrefValue, string Chosen);

/// <summary>The source record, what Crossref said, and the merge of the two with provenance per field.</summary>
public sealed record EnrichedRecord
{
    public required Reference Source { get; init; }

    public Reference? Crossref { get; init; }

    public required Reference Merged { get; init; }

    /// <summary>Field name to <see cref="Provenance"/> value.</summary>
    public ImmutableSortedDictionary<string, string> FieldProvenance { get; init; } =
        ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal);

    public ImmutableArray<Discrepancy> Discrepancies { get; init; } = [];
}
