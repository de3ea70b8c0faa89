using Azure.Data.Tables;
using Enrichment.Core.Agencies;
using Enrichment.Core.Crossref;
using Enrichment.Pipeline.Works;
using Enrichment.Testing;
using Flurl.Http.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Enrichment.Core.Identifiers;

namespace Enrichment.Pipeline.Tests.Works;

/// <summary>The system clock, moved forward on demand, so entries can expire within a test.</summary>
internal sealed class ShiftableTimeProvider : TimeProvider
{
    private TimeSpan _offset;

    public void Advance(TimeSpan by) => _offset += by;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + _offset;
}

[Collection(AzuriteCollection.Name)]
public sealed class CachedCrossrefClientTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Known = "10.1234/cached.1";
    private readonly ShiftableTimeProvider _time = new();
    private readonly string _tableName = "Works" + Guid.NewGuid().ToString("N")[..12];
    private FakeCrossref _fake = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeCrossref.StartAsync();
        _fake.AddWork(Work(Known));
    }

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        await new TableServiceClient(azurite.ConnectionString).DeleteTableAsync(_tableName);
    }

    private static string Work(string doi) => "{\"status\":\"ok\",\"message-type\":\"work\",\"message\":{\"DOI\":\"" + doi.Replace("\\", "\\\\", StringComparison.Ordinal) + "\",\"title\":[\"Cached\"]}}";

    private CachedCrossrefClient Cache(int maxRetries = 3, TimeSpan? foundTtl = null)
    {
        var crossref = new CrossrefClient(new FlurlClientCache(), Options.Create(new CrossrefOptions
        {
            BaseUrl = _fake.BaseUrl,
            Mailto = "tests@example.org",
            RequestsPerSecond = 500,
            MaxConcurrentRequests = 20,
            MaxRetries = maxRetries,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        }), _time);
        var table = new TableClient(azurite.ConnectionString, _tableName);
        return new CachedCrossrefClient(crossref, table, _time, Options.Create(new WorksCacheOptions
        {
            FoundTtl = foundTtl ?? TimeSpan.FromDays(30),
            NotFoundTtl = TimeSpan.FromHours(1),
        }));
    }

    [Fact]
    public async Task A_DOI_seen_again_is_answered_from_the_table_even_by_a_new_instance()
    {
        var doi = Doi.Parse(Known);

        var first = await Cache().GetWorkAsync(doi);
        var second = await Cache().GetWorkAsync(doi);

        first.Found.ShouldBeTrue();
        second.MessageJson.ShouldBe(first.MessageJson);
        _fake.CallsFor(Known).ShouldBe(1);
    }

    [Fact]
    public async Task Concurrent_requests_for_one_DOI_make_one_call()
    {
        _fake.Latency = TimeSpan.FromMilliseconds(300);
        var cache = Cache();

        var results = await Task.WhenAll(Enumerable.Range(0, 25).Select(_ => cache.GetWorkAsync(Doi.Parse(Known))));

        results.ShouldAllBe(r => r.Found);
        _fake.CallsFor(Known).ShouldBe(1);
    }

    [Fact]
    public async Task A_404_is_remembered_until_it_expires()
    {
        var cache = Cache();
        var doi = Doi.Parse("10.1234/missing");

        (await cache.GetWorkAsync(doi)).Found.ShouldBeFalse();
        (await cache.GetWorkAsync(doi)).Found.ShouldBeFalse();
        _fake.CallsFor(doi.Value).ShouldBe(1);

        _time.Advance(TimeSpan.FromHours(2));
        _fake.AddWork(Work(doi.Value));
        (await cache.GetWorkAsync(doi)).Found.ShouldBeTrue();
        _fake.CallsFor(doi.Value).ShouldBe(2);
    }

    [Fact]
    public async Task A_work_is_fetched_again_once_it_is_stale()
    {
        var cache = Cache(foundTtl: TimeSpan.FromDays(1));
        await cache.GetWorkAsync(Doi.Parse(Known));

        _time.Advance(TimeSpan.FromDays(2));
        await cache.GetWorkAsync(Doi.Parse(Known));

        _fake.CallsFor(Known).ShouldBe(2);
    }

    [Fact]
    public async Task A_stale_work_is_served_when_Crossref_is_down()
    {
        var cache = Cache(maxRetries: 0, foundTtl: TimeSpan.FromDays(1));
        await cache.GetWorkAsync(Doi.Parse(Known));
        _time.Advance(TimeSpan.FromDays(2));
        _fake.RetryAfterSeconds = 0;
        _fake.Script(Known, FakeFault.ServiceUnavailable);

        var result = await cache.GetWorkAsync(Doi.Parse(Known));

        result.Found.ShouldBeTrue();
        _fake.CallsFor(Known).ShouldBe(2);
    }

    [Fact]
    public async Task Crossref_being_down_with_nothing_cached_is_still_an_error()
    {
        _fake.RetryAfterSeconds = 0;
        _fake.Script(Known, FakeFault.ServiceUnavailable);

        await Should.ThrowAsync<CrossrefUnavailableException>(() => Cache(maxRetries: 0).GetWorkAsync(Doi.Parse(Known)));

        (await Cache().GetWorkAsync(Doi.Parse(Known))).Found.ShouldBeTrue();
    }

    [Theory]
    [InlineData("10.1/a/b?c#d")]
    [InlineData("10.1/back\\slash")]
    [InlineData("10.1/50%'off")]
    [InlineData("10.1002/(sici)1097<469::aid>3.0.co;2-h")]
    [InlineData("10.1000/caf\u00e9")]
    public async Task Crafted_DOIs_are_stored_and_found_again(string text)
    {
        var doi = Doi.Parse(text);
        _fake.AddWork(Work(doi.Value));

        (await Cache().GetWorkAsync(doi)).Found.ShouldBeTrue();
        (await Cache().GetWorkAsync(doi)).Found.ShouldBeTrue();

        _fake.CallsFor(doi.Value).ShouldBe(1);
    }

    [Fact]
    public async Task A_very_long_DOI_is_cached_under_a_hashed_key()
    {
        var doi = Doi.Parse("10.1234/" + new string('q', 1500));
        _fake.AddWork(Work(doi.Value));

        (await Cache().GetWorkAsync(doi)).Found.ShouldBeTrue();
        (await Cache().GetWorkAsync(doi)).Found.ShouldBeTrue();

        _fake.CallsFor(doi.Value).ShouldBe(1);
    }

    [SharedDataFact]
    public async Task The_largest_corpus_responses_come_back_whole()
    {
        var files = Directory.EnumerateFiles(SharedData.CrossrefWorks, "*.json").OrderByDescending(f => new FileInfo(f).Length).Take(3).ToList();
        foreach (var file in files)
        {
            _fake.AddWork(await File.ReadAllTextAsync(file));
        }

        foreach (var file in files)
        {
            using var document = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(file));
            var doi = Doi.Parse(document.RootElement.GetProperty("message").GetProperty("DOI").GetString()!);
            var fetched = await Cache().GetWorkAsync(doi);
            var cached = await Cache().GetWorkAsync(doi);
            cached.MessageJson.ShouldBe(fetched.MessageJson);
            cached.MessageJson!.Length.ShouldBeGreaterThan(50_000);
            _fake.CallsFor(doi.Value).ShouldBe(1);
        }
    }

    [Fact]
    public void AddWorksCache_puts_the_cache_in_front_of_the_agencies_and_the_prefix_map_in_the_table()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Crossref:Mailto"] = "someone@example.org" })
            .Build();
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(new TableServiceClient(azurite.ConnectionString))
            .AddRegistrationAgencies(configuration)
            .AddWorksCache()
            .BuildServiceProvider();

        services.GetRequiredService<ICrossrefClient>().ShouldBeOfType<CachedCrossrefClient>();
        services.GetRequiredService<IPrefixAgencies>().ShouldBeOfType<TablePrefixAgencies>();
        services.GetRequiredService<IOptions<WorksCacheOptions>>().Value.NotFoundTtl.ShouldBe(TimeSpan.FromDays(1));
    }
}
