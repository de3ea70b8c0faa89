using Enrichment.Core.Agencies;
using Enrichment.Core.Crossref;
using Enrichment.Core.DataCite;
using Enrichment.Testing;
using Flurl.Http.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Enrichment.Core.Tests.DataCite;

/// <summary>The DataCite client against the fake DataCite over real HTTP on 127.0.0.1.</summary>
public sealed class DataCiteClientTests : IAsyncLifetime
{
    private const string Doi = "10.5281/zenodo.1234";
    private FakeDataCite _fake = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeDataCite.StartAsync();
        _fake.AddWork(DataCiteAnswers.Answer(Doi, """ "titles": [{"title": "A deposit"}], "types": {"resourceTypeGeneral": "Dataset"} """));
    }

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    private DataCiteClient Client(Action<DataCiteOptions>? adjust = null)
    {
        var options = new DataCiteOptions
        {
            BaseUrl = _fake.BaseUrl,
            Mailto = "tests@example.org",
            RequestsPerSecond = 500,
            MaxConcurrentRequests = 20,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            MaxRetries = 3,
        };
        adjust?.Invoke(options);
        return new DataCiteClient(new FlurlClientCache(), Options.Create(options));
    }

    [Fact]
    public async Task A_known_DOI_comes_back_as_DataCites_attributes_marked_DataCite()
    {
        var result = await Client().GetWorkAsync(Core.Identifiers.Doi.Parse(Doi));

        result.Found.ShouldBeTrue();
        result.Agency.ShouldBe(RegistrationAgency.DataCite);
        AgencyWorks.Map(result).Title.ShouldBe("A deposit");
        _fake.UserAgents.ShouldAllBe(ua => ua.Contains("mailto:tests@example.org"));
        _fake.Accepts.ShouldAllBe(accept => accept.Contains("application/vnd.api+json"));
    }

    [Fact]
    public async Task An_unknown_DOI_is_an_answer_not_an_error()
    {
        var result = await Client().GetWorkAsync(Core.Identifiers.Doi.Parse("10.5281/zenodo.404"));

        result.Found.ShouldBeFalse();
        _fake.CallsFor("10.5281/zenodo.404").ShouldBe(1);
    }

    [Fact]
    public async Task A_429_with_Retry_After_is_waited_out_and_retried()
    {
        _fake.RetryAfterSeconds = 1;
        _fake.Script(Doi, FakeFault.TooManyRequests);
        var client = Client();

        var result = await client.GetWorkAsync(Core.Identifiers.Doi.Parse(Doi));

        result.Found.ShouldBeTrue();
        _fake.CallsFor(Doi).ShouldBe(2);
        client.Limiter.LearnedMargin.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Server_errors_are_retried_and_then_reported_as_unavailable_naming_DataCite()
    {
        _fake.Script(Doi, FakeFault.ServiceUnavailable, FakeFault.InternalServerError, FakeFault.ServiceUnavailable, FakeFault.InternalServerError);
        _fake.RetryAfterSeconds = 0;

        var error = await Should.ThrowAsync<CrossrefUnavailableException>(() => Client().GetWorkAsync(Core.Identifiers.Doi.Parse(Doi)));

        error.Message.ShouldStartWith("DataCite unavailable for 10.5281/zenodo.1234 after 4 attempt(s)");
    }

    [Fact]
    public async Task Garbage_is_the_records_error()
    {
        _fake.Script(Doi, FakeFault.Garbage);

        var error = await Should.ThrowAsync<CrossrefResponseException>(() => Client().GetWorkAsync(Core.Identifiers.Doi.Parse(Doi)));

        error.Message.ShouldContain("DataCite returned unreadable JSON");
    }

    [Fact]
    public async Task DataCites_rate_limit_header_sets_the_spacing_over_its_five_minute_window()
    {
        _fake.RateLimit = 600;
        var client = Client();

        await client.GetWorkAsync(Core.Identifiers.Doi.Parse(Doi));

        // 600 per 300 s is one start every 0.5 s (and the configured 3% margin).
        client.Limiter.SpacingOf(CrossrefPool.Works).ShouldBe(TimeSpan.FromSeconds(0.5 * 1.03));
    }

    [Theory]
    [InlineData(null, DataCiteOptions.AnonymousRequestsPerSecond)]
    [InlineData("someone@example.org", DataCiteOptions.IdentifiedRequestsPerSecond)]
    public void The_starting_rate_is_the_identified_one_only_with_a_contact_address(string? mailto, double expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([
            new("Crossref:Mailto", "tests@example.org"), new("DataCite:Mailto", mailto)]).Build();
        using var services = new ServiceCollection().AddRegistrationAgencies(configuration).BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<DataCiteOptions>>().Value;

        options.RequestsPerSecond.ShouldBe(expected);
        options.UserAgent.Contains("mailto:", StringComparison.Ordinal).ShouldBe(mailto is not null);
    }

    [Fact]
    public void A_contact_address_that_is_not_one_fails_at_start()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([
            new("Crossref:Mailto", "tests@example.org"), new("DataCite:Mailto", "not an address")]).Build();
        using var services = new ServiceCollection().AddRegistrationAgencies(configuration).BuildServiceProvider();

        Should.Throw<OptionsValidationException>(() => services.GetRequiredService<IOptions<DataCiteOptions>>().Value);
    }
}
