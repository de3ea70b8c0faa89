using Enrichment.Core.Agencies;
using Enrichment.Core.Crossref;
using Enrichment.Core.Records;

using Enrichment.Core.Identifiers;

namespace Enrichment.Core.Enrichment;

/// <summary>
/// Enriches one record: by its DOI when it has one (a DOI that does not parse is reported, never guessed), at
/// whichever agency registered it (Crossref, DataCite, any other through doi.org: <see cref="AgencyRouter"/>); else by
/// its arXiv identifier (arXiv's DataCite DOI); else by a verified <c>query.bibliographic</c> match; then merges. An
/// agency being unavailable propagates as <see cref="CrossrefUnavailableException"/> so the caller's queue retries later.
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
                    Reason = $"{doi} is registered with no agency that answers (not found at Crossref, DataCite or doi.org)",
                };
            }

            return ReferenceMerger.Merge(source, AgencyWorks.Map(result), agency: result.Agency);
        }

        if (ArxivId.TryFind(source, out var arxiv))
        {
            // arXiv's DOI is the preprint's own: the record gains it, and its eprint (with the version) stays.
            var result = await crossref.GetWorkAsync(arxiv.Doi, cancellationToken).ConfigureAwait(false);
            if (result.Found)
            {
                return ReferenceMerger.Merge(source, AgencyWorks.Map(result), agency: result.Agency) with
                {
                    Reason = $"{arxiv} is {arxiv.Doi}",
                };
            }
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
