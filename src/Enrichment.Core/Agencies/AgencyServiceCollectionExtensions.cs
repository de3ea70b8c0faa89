using Enrichment.Core.Crossref;
using Enrichment.Core.DataCite;
using Enrichment.Core.DoiResolver;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Enrichment.Core.Agencies;

public static class AgencyServiceCollectionExtensions
{
    /// <summary>
    /// Registers every registration agency: Crossref (<see cref="CrossrefServiceCollectionExtensions.AddCrossref"/>),
    /// DataCite (section <c>DataCite</c>; without <c>Mailto</c> it keeps to the anonymous limit) and the DOI resolver
    /// (section <c>DoiResolver</c>), each client (and so each limiter) once, a prefix map in memory unless one is
    /// registered, and <see cref="ICrossrefClient"/> as the <see cref="AgencyRouter"/> over them.
    /// </summary>
    public static IServiceCollection AddRegistrationAgencies(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddCrossref(configuration);
        services.AddOptions<DataCiteOptions>()
            .Bind(configuration.GetSection(DataCiteOptions.SectionName))
            .PostConfigure(o =>
            {
                // Unidentified, DataCite allows half as much: start there unless told a slower rate.
                if (string.IsNullOrWhiteSpace(o.Mailto) && o.RequestsPerSecond > DataCiteOptions.AnonymousRequestsPerSecond)
                {
                    o.UseAnonymousLimits();
                }
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<DoiResolverOptions>().Bind(configuration.GetSection(DoiResolverOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<DataCiteClient>();
        services.TryAddSingleton<DoiResolverClient>();
        services.TryAddSingleton<IPrefixAgencies, PrefixAgencyMap>();
        services.TryAddSingleton<AgencyRouter>();
        services.Replace(ServiceDescriptor.Singleton<ICrossrefClient>(sp => sp.GetRequiredService<AgencyRouter>()));
        return services;
    }
}
