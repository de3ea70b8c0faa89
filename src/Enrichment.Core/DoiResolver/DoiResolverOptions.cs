using Enrichment.Core.Agencies;

namespace Enrichment.Core.DoiResolver;

/// <summary>
/// How to reach the DOI resolver for content negotiation (<c>Accept: application/vnd.citationstyles.csl+json</c>),
/// the way to the agencies without an API here (mEDRA, JaLC, KISTI, CNKI...). Section <c>DoiResolver</c>.
/// </summary>
/// <remarks>
/// doi.org publishes no rate limit; the defaults are modest (2 requests/s, 2 at a time), since it is asked only
/// for DOIs neither Crossref nor DataCite knows. The resolver redirects to the agency's own service, which answers.
/// </remarks>
public sealed class DoiResolverOptions : AgencyOptions
{
    public const string SectionName = "DoiResolver";

    public DoiResolverOptions()
    {
        BaseUrl = "https://doi.org";
        RequestsPerSecond = 2;
        MaxConcurrentRequests = 2;
    }

    internal override string AgencyName => "doi.org";
}
