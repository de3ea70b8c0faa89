using Enrichment.Core.Crossref;
using Enrichment.Core.Identifiers;

namespace Enrichment.Core.Agencies;

/// <summary>
/// One registration agency's lookup of a DOI. Same contract as <see cref="ICrossrefClient.GetWorkAsync"/>: a
/// not-found result for 404, <see cref="CrossrefUnavailableException"/> when the agency cannot be reached, and
/// <see cref="CrossrefResponseException"/> when its answer is unreadable.
/// </summary>
public interface IAgencyClient
{
    RegistrationAgency Agency { get; }

    Task<CrossrefWorkResult> GetWorkAsync(Doi doi, CancellationToken cancellationToken = default);
}
