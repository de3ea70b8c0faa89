using System.Text;
using System.Text.Json;
using Enrichment.Cli.Hosting;
using Enrichment.Pipeline.Budget;
using Enrichment.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Enrichment.Cli.Tests.Serve;

/// <summary>
/// Three `enrich serve` hosts on one Azurite, against a Crossref that answers 429 past 5 requests/s or 3 at once:
/// they share its limits (table Instances) and each DOI's call (claims in the Works cache). The elapsed time
/// against D/R is the benchmark's (bench/Crossref --scale-out); here, what must hold whatever the timing.
/// </summary>
public sealed class ScaleOutTests : IAsyncLifetime
{
    private const int Hosts = 3;
    private const int Distinct = 30;
    private readonly AzuriteFixture _azurite = new();
    private readonly List<WebApplication> _hosts = [];
    private FakeCrossref _crossref = null!;

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        _crossref = await FakeCrossref.StartAsync();
        for (var n = 0; n < Distinct; n++)
        {
            _crossref.AddWork(GeneratedWorks.Response(n));
        }

        _crossref.RateLimit = 5;
        _crossref.ConcurrencyLimit = 3;
        _crossref.Latency = TimeSpan.FromMilliseconds(40);
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = _azurite.ConnectionString,
            ["Crossref:BaseUrl"] = _crossref.BaseUrl,
            ["Crossref:Mailto"] = "tests@example.org",
            ["Enrichment:Styles"] = "apa",
            ["Logging:LogLevel:Default"] = Environment.GetEnvironmentVariable("ENRICHMENT_TEST_LOGLEVEL") ?? "Warning",
        };
        for (var i = 0; i < Hosts; i++)
        {
            var host = LocalHost.Build("http://127.0.0.1:0", settings);
            await host.StartAsync();
            _hosts.Add(host);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.StopAsync();
            await host.DisposeAsync();
        }

        await _crossref.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    [Fact]
    public async Task Three_hosts_share_Crossrefs_limits_and_call_once_per_distinct_DOI()
    {
        // Every host has seen the other two before the work arrives (one heartbeat: 2 s).
        await ServeFixture.EventuallyAsync(
            () => Task.FromResult<object?>(_hosts.All(h => h.Services.GetRequiredService<InstanceBudget>().Current?.Instances == Hosts) ? true : null),
            "three hosts to see each other");

        // Each DOI twice, the copies far apart in the file so different hosts' messages (20 records each) hold them.
        var dois = Enumerable.Range(0, Distinct).Select(GeneratedWorks.Doi).ToList();
        var list = string.Join('\n', dois.Concat(dois.AsEnumerable().Reverse()));
        using var http = new HttpClient { BaseAddress = new Uri(_hosts[0].Urls.First()) };
        using var posted = await http.PostAsync("/api/uploads?name=dois.txt", new ByteArrayContent(Encoding.UTF8.GetBytes(list)));
        var uploadId = JsonDocument.Parse(await posted.Content.ReadAsStringAsync()).RootElement.GetProperty("uploadId").GetString()!;

        using var done = await ServeFixture.EventuallyAsync(async () =>
        {
            using var response = await http.GetAsync($"/api/uploads/{uploadId}");
            var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return response.IsSuccessStatusCode && document.RootElement.GetProperty("status").GetString() == "completed" ? document : null;
        }, "the upload to complete", TimeSpan.FromSeconds(120));

        _crossref.RejectedByLimits.ShouldBe(0, string.Join("\n", _crossref.Rejections));
        dois.ShouldAllBe(doi => _crossref.CallsFor(doi) == 1);
        done.RootElement.GetProperty("counts").GetProperty("enriched").GetInt32().ShouldBe(2 * Distinct, done.RootElement.ToString());
    }
}
