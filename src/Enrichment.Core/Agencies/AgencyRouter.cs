using System.Collections.Immutable;
using Enrichment.Core.Crossref;
using Enrichment.Core.DataCite;
using Enrichment.Core.DoiResolver;
using Enrichment.Core.Identifiers;

namespace Enrichment.Core.Agencies;

/// <summary>
/// A DOI at whichever agency registered it: Crossref first, DataCite when Crossref says 404, then the DOI resolver's
/// content negotiation (mEDRA, JaLC, KISTI, CNKI...) when both do. An agency that answers is remembered for the DOI's
/// prefix (<see cref="IPrefixAgencies"/>), and the DOIs of a known prefix go to their agency first: one call each.
/// Searches are Crossref's. Each agency keeps its own limiter, retries and circuit (<see cref="AgencyHttp"/>); one
/// that cannot be reached throws <see cref="CrossrefUnavailableException"/> and the record waits, as for Crossref.
/// </summary>
public sealed class AgencyRouter(CrossrefClient crossref, DataCiteClient dataCite, DoiResolverClient resolver, IPrefixAgencies prefixes)
    : ICrossrefClient
{
    private static readonly ImmutableArray<RegistrationAgency> DefaultOrder =
        [RegistrationAgency.Crossref, RegistrationAgency.DataCite, RegistrationAgency.DoiResolver];

    public async Task<CrossrefWorkResult> GetWorkAsync(Doi doi, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(doi.Value))
        {
            throw new ArgumentException("An empty DOI cannot be looked up", nameof(doi));
        }

        var known = await prefixes.FindAsync(doi.Prefix, cancellationToken).ConfigureAwait(false);
        var order = known is { } first ? [first, .. DefaultOrder.Where(a => a != first)] : DefaultOrder;
        CrossrefWorkResult? last = null;
        foreach (var agency in order)
        {
            last = await ClientFor(agency).GetWorkAsync(doi, cancellationToken).ConfigureAwait(false);
            if (last.Found)
            {
                if (known != agency)
                {
                    await prefixes.LearnAsync(doi.Prefix, agency, cancellationToken).ConfigureAwait(false);
                }

                return last;
            }
        }

        return last!;
    }

    public Task<ImmutableArray<CrossrefSearchHit>> SearchAsync(string bibliographicQuery, int rows = 2, CancellationToken cancellationToken = default) =>
        crossref.SearchAsync(bibliographicQuery, rows, cancellationToken);

    private IAgencyClient ClientFor(RegistrationAgency agency) => agency switch
    {
        RegistrationAgency.DataCite => dataCite,
        RegistrationAgency.DoiResolver => resolver,
        _ => crossref,
    };
}
