using Azure.Data.Tables;
using Enrichment.Core.Crossref;
using Enrichment.Pipeline.Works;
using Enrichment.Testing;
using Flurl.Http.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
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

    private CachedCrossrefClient Cache(int maxRetries = 3, TimeSpan? foundTtl = null, TimeSpan? claimTtl = null)
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
            ClaimTtl = claimTtl ?? TimeSpan.FromSeconds(15),
            ClaimPollInterval = TimeSpan.FromMilliseconds(20),
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

    /// <summary>The cache on a <see cref="FakeTimeProvider"/>; the Crossref client keeps the real clock (its waits must pass).</summary>
    private CachedCrossrefClient CacheOn(FakeTimeProvider clock, bool serveStale = true)
    {
        var crossref = new CrossrefClient(new FlurlClientCache(), Options.Create(new CrossrefOptions
        {
            BaseUrl = _fake.BaseUrl,
            Mailto = "tests@example.org",
            RequestsPerSecond = 500,
            MaxConcurrentRequests = 20,
            MaxRetries = 0,
        }), TimeProvider.System);
        return new CachedCrossrefClient(crossref, new TableClient(azurite.ConnectionString, _tableName), clock, Options.Create(new WorksCacheOptions
        {
            ServeStaleWhenUnavailable = serveStale,
        }));
    }

    [Fact]
    public async Task A_work_cached_more_than_a_day_ago_is_checked_again_and_brings_a_retraction_that_came_since()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        var cache = CacheOn(clock);
        var doi = Doi.Parse(UpdatedWorks.CorrectedDoi);
        _fake.AddWork(UpdatedWorks.Corrected);
        (await cache.GetWorkAsync(doi)).MessageJson!.ShouldNotContain("retraction");

        _fake.AddUpdate(doi.Value, "retraction", "10.5555/updates-test.late-notice", "retraction-watch", "60001");
        clock.Advance(TimeSpan.FromHours(23));
        var withinADay = await cache.GetWorkAsync(doi);
        clock.Advance(TimeSpan.FromHours(2));
        var afterADay = await cache.GetWorkAsync(doi);
        var nextMorning = await cache.GetWorkAsync(doi);

        withinADay.MessageJson!.ShouldNotContain("late-notice");
        afterADay.MessageJson!.ShouldContain("late-notice");
        nextMorning.MessageJson.ShouldBe(afterADay.MessageJson);
        _fake.CallsFor(doi.Value).ShouldBe(2);
    }

    [Fact]
    public async Task A_check_for_updates_that_Crossref_cannot_answer_uses_the_stored_work_while_it_lives()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        var cache = CacheOn(clock, serveStale: false);
        await cache.GetWorkAsync(Doi.Parse(Known));
        _fake.RetryAfterSeconds = 0;
        _fake.Script(Known, FakeFault.ServiceUnavailable, FakeFault.ServiceUnavailable);

        clock.Advance(TimeSpan.FromDays(2));
        var checkedLate = await cache.GetWorkAsync(Doi.Parse(Known));
        clock.Advance(TimeSpan.FromDays(30));

        checkedLate.Found.ShouldBeTrue();
        await Should.ThrowAsync<CrossrefUnavailableException>(() => cache.GetWorkAsync(Doi.Parse(Known)));
        _fake.CallsFor(Known).ShouldBe(3);
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
    public void AddWorksCache_puts_the_cache_in_front_of_the_Crossref_client()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Crossref:Mailto"] = "someone@example.org" })
            .Build();
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(new TableServiceClient(azurite.ConnectionString))
            .AddCrossref(configuration)
            .AddWorksCache()
            .BuildServiceProvider();

        services.GetRequiredService<ICrossrefClient>().ShouldBeOfType<CachedCrossrefClient>();
        services.GetRequiredService<IOptions<WorksCacheOptions>>().Value.NotFoundTtl.ShouldBe(TimeSpan.FromDays(1));
        services.GetRequiredService<IOptions<WorksCacheOptions>>().Value.UpdatesCheckAfter.ShouldBe(TimeSpan.FromDays(1));
    }

    [Fact]
    public async Task Two_instances_asking_for_one_DOI_at_once_make_one_call()
    {
        _fake.Latency = TimeSpan.FromMilliseconds(400);
        var instances = Enumerable.Range(0, 3).Select(_ => Cache()).ToList();

        var results = await Task.WhenAll(instances.SelectMany(cache => Enumerable.Range(0, 4).Select(_ => cache.GetWorkAsync(Doi.Parse(Known)))));

        results.ShouldAllBe(r => r.Found);
        _fake.CallsFor(Known).ShouldBe(1);
    }

    [Fact]
    public async Task A_claim_is_renewed_while_the_call_waits_so_a_slow_answer_is_not_asked_for_twice()
    {
        // The answer takes 2.5 s, the claim lives 1 s: without renewal the second instance would call at 1 s.
        _fake.Latency = TimeSpan.FromMilliseconds(2500);
        var first = Cache(claimTtl: TimeSpan.FromSeconds(1)).GetWorkAsync(Doi.Parse(Known));
        await Eventually(() => _fake.CallsFor(Known) == 1);
        var second = Cache(claimTtl: TimeSpan.FromSeconds(1)).GetWorkAsync(Doi.Parse(Known));

        (await second).Found.ShouldBeTrue();
        (await first).Found.ShouldBeTrue();
        _fake.CallsFor(Known).ShouldBe(1);
    }

    [Fact]
    public async Task A_claim_left_by_a_crashed_instance_is_taken_over_once_it_expires()
    {
        var doi = Doi.Parse(Known);
        var (partition, row) = WorkKeys.For(doi);
        var table = new TableClient(azurite.ConnectionString, _tableName);
        await table.CreateIfNotExistsAsync();
        await table.AddEntityAsync(new TableEntity(partition, row)
        {
            ["Doi"] = Known,
            ["ClaimedBy"] = "crashed-instance",
            ["ClaimExpires"] = _time.GetUtcNow() + TimeSpan.FromMinutes(1),
        });

        var lookup = Cache().GetWorkAsync(doi);
        await Task.Delay(300);
        lookup.IsCompleted.ShouldBeFalse();
        _fake.CallsFor(Known).ShouldBe(0);

        _time.Advance(TimeSpan.FromMinutes(2));
        (await lookup).Found.ShouldBeTrue();
        _fake.CallsFor(Known).ShouldBe(1);
    }

    [Fact]
    public async Task A_failed_call_releases_its_claim_so_the_next_instance_need_not_wait()
    {
        _fake.RetryAfterSeconds = 0;
        _fake.Script(Known, FakeFault.ServiceUnavailable);
        await Should.ThrowAsync<CrossrefUnavailableException>(() => Cache(maxRetries: 0).GetWorkAsync(Doi.Parse(Known)));

        var (partition, row) = WorkKeys.For(Doi.Parse(Known));
        var entity = (await new TableClient(azurite.ConnectionString, _tableName).GetEntityAsync<TableEntity>(partition, row)).Value;
        entity.GetDateTimeOffset("ClaimExpires")!.Value.ShouldBeLessThan(_time.GetUtcNow());

        (await Cache().GetWorkAsync(Doi.Parse(Known))).Found.ShouldBeTrue();
    }

    private static async Task Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        condition().ShouldBeTrue();
    }
}
