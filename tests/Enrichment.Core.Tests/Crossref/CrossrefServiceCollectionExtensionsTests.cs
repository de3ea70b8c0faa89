using Enrichment.Core.Crossref;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Enrichment.Core.Tests.Crossref;

public sealed class CrossrefServiceCollectionExtensionsTests
{
    private static ServiceProvider Build(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        return new ServiceCollection().AddCrossref(configuration).BuildServiceProvider();
    }

    [Fact]
    public void Resolves_one_client_configured_from_the_Crossref_section()
    {
        using var services = Build(("Crossref:Mailto", "someone@example.org"), ("Crossref:BaseUrl", "http://127.0.0.1:9"));

        var client = services.GetRequiredService<ICrossrefClient>();

        client.ShouldBeOfType<CrossrefClient>();
        services.GetRequiredService<ICrossrefClient>().ShouldBeSameAs(client);
        services.GetRequiredService<IOptions<CrossrefOptions>>().Value.BaseUrl.ShouldBe("http://127.0.0.1:9");
    }

    [Theory]
    [InlineData("", "https://api.crossref.org")]
    [InlineData("not-an-address", "https://api.crossref.org")]
    [InlineData("someone@example.org", "not a url")]
    public void Refuses_to_start_without_a_valid_mailto_and_base_url(string mailto, string baseUrl)
    {
        using var services = Build(("Crossref:Mailto", mailto), ("Crossref:BaseUrl", baseUrl));

        Should.Throw<OptionsValidationException>(() => services.GetRequiredService<IOptions<CrossrefOptions>>().Value);
    }

    [Fact]
    public void Refuses_a_rate_out_of_range()
    {
        using var services = Build(("Crossref:Mailto", "someone@example.org"), ("Crossref:RequestsPerSecond", "0"));

        Should.Throw<OptionsValidationException>(() => services.GetRequiredService<IOptions<CrossrefOptions>>().Value);
    }
}
