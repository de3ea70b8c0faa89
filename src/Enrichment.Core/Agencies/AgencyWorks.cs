using Enrichment.Core.Crossref;
using Enrichment.Core.DataCite;
using Enrichment.Core.DoiResolver;
using Enrichment.Core.Records;

namespace Enrichment.Core.Agencies;

/// <summary>An agency's answer as a record, by the mapping of the agency that gave it.</summary>
public static class AgencyWorks
{
    public static Reference Map(CrossrefWorkResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var work = result.ParseMessage();
        return result.Agency switch
        {
            RegistrationAgency.DataCite => DataCiteWorkMapper.Map(work),
            RegistrationAgency.DoiResolver => DoiResolverClient.Map(work, result.Doi),
            _ => CrossrefWorkMapper.Map(work),
        };
    }
}
