using Flurl.Http.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Enrichment.Core.Crossref;

public static class CrossrefServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Crossref client: <see cref="CrossrefOptions"/> bound from the section <c>Crossref</c> and
    /// validated at start, one <see cref="IFlurlClientCache"/>, <see cref="TimeProvider.System"/> unless one is
    /// registered, and <see cref="ICrossrefClient"/> as a singleton (it owns the limiter, which must be shared).
    /// </summary>
    public static IServiceCollection AddCrossref(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<CrossrefOptions>()
            .Bind(configuration.GetSection(CrossrefOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<IFlurlClientCache, FlurlClientCache>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CrossrefClient>();
        services.TryAddSingleton<ICrossrefClient>(sp => sp.GetRequiredService<CrossrefClient>());
        return services;
    }
}
