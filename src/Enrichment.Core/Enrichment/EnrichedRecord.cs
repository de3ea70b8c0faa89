using System.Collections.Immutable;
using Enrichment.Core.Agencies;
using Enrichment.Core.Records;

namespace Enrichment.Core.Enrichment;

/// <summary>Where a merged field's value came from.</summary>
public static class Provenance
{
    public const string Source = "source";
    public const string Crossref = AgencyNames.Crossref;
    public const string DataCite = AgencyNames.DataCite;
    public const string DoiResolver = AgencyNames.DoiResolver;
    public const string Both = "both";
}

/// <summary>A field on which the source and Crossref disagree; the merged record took <see cref="Chosen"/>.</summary>
public sealed record Discrepancy(string Field, string? SourceValue, string? CrossrefValue, string Chosen);

/// <summary>How enrichment of one record ended.</summary>
public enum EnrichmentStatus
{
    /// <summary>Merged with Crossref's work (looked up by DOI, or found by a verified search).</summary>
    Enriched,

    /// <summary>The DOI is not in Crossref (404: unknown, or registered with another agency).</summary>
    NotInCrossref,

    /// <summary>No DOI, and the search found no candidate that verifies.</summary>
    NoConfidentMatch,

    /// <summary>No DOI and nothing to search by (no title), or a DOI that does not parse.</summary>
    NotSearched,
}

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

    public EnrichmentStatus Status { get; init; } = EnrichmentStatus.Enriched;

    /// <summary>Why the record ended as it did, in words (empty when enriched by DOI).</summary>
    public string Reason { get; init; } = "";

    /// <summary>Which registration agency's work was merged (null when none was).</summary>
    public RegistrationAgency? Agency { get; init; }

    /// <summary>For a record that had no DOI: how the search for its Crossref work went.</summary>
    public MatchResult? Match { get; init; }
}
