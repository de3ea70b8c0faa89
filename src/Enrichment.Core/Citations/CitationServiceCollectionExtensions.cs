using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Enrichment.Core.Citations;

public static class CitationServiceCollectionExtensions
{
    /// <summary>
    /// The citation formatter (<see cref="ICitationFormatter"/>, one <see cref="CslCitationFormatter"/>), its options
    /// (section <c>Styles</c>, validated at start) and its HTTP client, which never follows redirects by itself.
    /// An <see cref="IStyleStore"/> registered (before or after) is where named styles that are not built in come from.
    /// </summary>
    public static IServiceCollection AddCitationFormatter(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<StyleOptions>().BindConfiguration(StyleOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(CslCitationFormatter.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(CslCitationFormatter.CreateHttpHandler);
        services.TryAddSingleton(sp => new CslCitationFormatter(
            sp.GetRequiredService<IOptions<StyleOptions>>(),
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(CslCitationFormatter.HttpClientName),
            sp.GetService<IStyleStore>(),
            locale: null,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<CslCitationFormatter>>()));
        services.TryAddSingleton<ICitationFormatter>(sp => sp.GetRequiredService<CslCitationFormatter>());
        return services;
    }
}
