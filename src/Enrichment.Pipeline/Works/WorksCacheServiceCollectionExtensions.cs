using Azure.Data.Tables;
using Enrichment.Core.Agencies;
using Enrichment.Core.Crossref;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Enrichment.Pipeline.Works;

public static class WorksCacheServiceCollectionExtensions
{
    /// <summary>
    /// Puts the <c>Works</c> table cache in front of the agencies: <see cref="ICrossrefClient"/> resolves to a
    /// <see cref="CachedCrossrefClient"/> over <see cref="AgencyRouter"/>, and the prefix map is kept in the same
    /// table (<see cref="TablePrefixAgencies"/>). Call after the agencies are registered
    /// (<c>AddRegistrationAgencies</c>) and with a <see cref="TableServiceClient"/> registered once.
    /// Options: section <c>WorksCache</c>.
    /// </summary>
    public static IServiceCollection AddWorksCache(this IServiceCollection services)
    {
        services.AddOptions<WorksCacheOptions>().BindConfiguration(WorksCacheOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PrefixAgencyMap>();
        services.Replace(ServiceDescriptor.Singleton<IPrefixAgencies>(sp => new TablePrefixAgencies(
            sp.GetRequiredService<TableServiceClient>().GetTableClient(StorageNames.WorksTable),
            sp.GetRequiredService<PrefixAgencyMap>())));
        services.Replace(ServiceDescriptor.Singleton<ICrossrefClient>(sp => new CachedCrossrefClient(
            sp.GetRequiredService<AgencyRouter>(),
            sp.GetRequiredService<TableServiceClient>().GetTableClient(StorageNames.WorksTable),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<WorksCacheOptions>>(),
            sp.GetService<ILogger<CachedCrossrefClient>>())));
        return services;
    }
}
