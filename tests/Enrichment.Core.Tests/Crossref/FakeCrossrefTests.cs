using System.Net;
using Enrichment.Testing;

namespace Enrichment.Core.Tests.Crossref;

/// <summary>The fake must really enforce what the client is tested against.</summary>
public sealed class FakeCrossrefTests
{
    [Fact]
    public async Task A_burst_over_the_rate_limit_gets_429s_with_the_limit_headers()
    {
        await using var fake = await FakeCrossref.StartAsync();
        fake.RateLimit = 3;
        using var http = new HttpClient { BaseAddress = new Uri(fake.BaseUrl) };

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => http.GetAsync(new Uri($"/works/10.1/b{i}", UriKind.Relative))));

        responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests).ShouldBe(7);
        responses.Count(r => r.StatusCode == HttpStatusCode.NotFound).ShouldBe(3);
        responses[0].Headers.GetValues("X-Rate-Limit-Limit").Single().ShouldBe("3");
        responses[0].Headers.GetValues("X-Rate-Limit-Interval").Single().ShouldBe("1s");
        fake.RejectedByLimits.ShouldBe(7);
        fake.TotalCalls.ShouldBe(10);
    }

    [Fact]
    public async Task Requests_over_the_concurrency_limit_get_429s()
    {
        await using var fake = await FakeCrossref.StartAsync();
        fake.ConcurrencyLimit = 2;
        fake.Latency = TimeSpan.FromMilliseconds(500);
        using var http = new HttpClient { BaseAddress = new Uri(fake.BaseUrl) };

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => http.GetAsync(new Uri($"/works/10.1/c{i}", UriKind.Relative))));

        responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests).ShouldBeGreaterThanOrEqualTo(4);
        fake.MaxConcurrent.ShouldBe(2);
    }

    [Fact]
    public async Task Counts_calls_per_DOI_whatever_the_case_and_escaping()
    {
        await using var fake = await FakeCrossref.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(fake.BaseUrl) };

        await http.GetAsync(new Uri("/works/10.1/ABC", UriKind.Relative));
        await http.GetAsync(new Uri("/works/10.1/abc", UriKind.Relative));
        await http.GetAsync(new Uri("/members", UriKind.Relative));

        fake.CallsFor("10.1/abc").ShouldBe(2);
        fake.OtherCalls.ShouldBe(1);
    }
}
