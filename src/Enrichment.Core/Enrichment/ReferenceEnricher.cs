using Enrichment.Core.Crossref;
using Enrichment.Core.Records;

using Enrichment.Core.Identifiers;

namespace Enrichment.Core.Enrichment;

/// <summary>
/// Enriches one record: by its DOI when it has one (a DOI that does not parse is reported, never guessed), else by
/// a verified <c>query.bibliographic</c> match; then merges. Crossref being unavailable propagates as
/// <see cref="CrossrefUnavailableException"/> so the caller's queue retries later.
/// </summary>
public sealed class ReferenceEnricher(ICrossrefClient crossref)
{
    private readonly ReferenceMatcher _matcher = new(crossref);

    public async Task<EnrichedRecord> EnrichAsync(Reference source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!string.IsNullOrWhiteSpace(source.DoiText))
        {
            if (!Doi.TryParse(source.DoiText, out var doi))
            {
                return ReferenceMerger.Merge(source, null) with
                {
                    Status = EnrichmentStatus.NotSearched,
                    Reason = $"the DOI field does not hold a DOI: '{source.DoiText}'",
                };
            }

            var result = await crossref.GetWorkAsync(doi, cancellationToken).ConfigureAwait(false);
            if (!result.Found)
            {
                return ReferenceMerger.Merge(source, null) with
                {
                    Status = EnrichmentStatus.NotInCrossref,
                    Reason = $"{doi} is not in Crossref (it may be registered with another agency, such as DataCite)",
                };
            }

            return ReferenceMerger.Merge(source, CrossrefWorkMapper.Map(result.ParseMessage()));
        }

        var match = await _matcher.MatchAsync(source, cancellationToken).ConfigureAwait(false);
        if (match is { IsMatch: true, Best: { } best })
        {
            return ReferenceMerger.Merge(source, best.Work, match) with { Reason = match.Reason };
        }

        return ReferenceMerger.Merge(source, null, match) with
        {
            Status = match.Outcome == MatchOutcome.NotSearched ? EnrichmentStatus.NotSearched : EnrichmentStatus.NoConfidentMatch,
            Reason = match.Reason,
        };
    }
}
