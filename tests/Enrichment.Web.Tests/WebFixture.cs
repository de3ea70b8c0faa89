using Enrichment.Cli.Hosting;
using Enrichment.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;

namespace Enrichment.Web.Tests;

/// <summary>
/// <c>enrich serve</c> as a user runs it (Azurite, the fake Crossref over HTTP, the local host on a free port),
/// a second host on the same storage that wants a key, and Debian's Chromium driven by Playwright, started once
/// for the collection. Without Chromium nothing starts: the tests say they did not run (<see cref="BrowserFactAttribute"/>).
/// </summary>
public sealed class WebFixture : IAsyncLifetime
{
    public const string ApiKey = "test-key-for-the-page";

    private readonly List<WebApplication> _hosts = [];
    private IPlaywright? _playwright;

    public AzuriteFixture Azurite { get; } = new();

    public FakeCrossref Crossref { get; private set; } = null!;

    /// <summary>DataCite and doi.org as the pipeline asks them after a Crossref 404: here they know no DOI.</summary>
    private FakeDataCite _dataCite = null!;
    private FakeDoiResolver _resolver = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The page's address on the host without a key.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The page's address on the host that wants <see cref="ApiKey"/>.</summary>
    public string KeyedBaseUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (!Chromium.Available)
        {
            return;
        }

        await Azurite.InitializeAsync();
        Crossref = await FakeCrossref.StartAsync();
        _dataCite = await FakeDataCite.StartAsync();
        _resolver = await FakeDoiResolver.StartAsync();
        Crossref.AddWork(await File.ReadAllTextAsync(Fixture("seed-work.json")));

        BaseUrl = await StartHostAsync(null);
        KeyedBaseUrl = await StartHostAsync(ApiKey);

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.Path,
            Headless = true,
            // Root (CI, this machine) cannot use Chromium's sandbox.
            Args = ["--no-sandbox"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        foreach (var host in _hosts)
        {
            await host.StopAsync();
            await host.DisposeAsync();
        }

        if (Crossref is not null)
        {
            await Crossref.DisposeAsync();
            await (_dataCite?.DisposeAsync() ?? ValueTask.CompletedTask);
            await (_resolver?.DisposeAsync() ?? ValueTask.CompletedTask);
        }

        await Azurite.DisposeAsync();
    }

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    /// <summary>The seed record: ../shared's when it is beside the repository, else the one written for these tests.</summary>
    public static string SeedFile => SharedData.Available && File.Exists(SharedData.SeedBibTex) ? SharedData.SeedBibTex : Fixture("seed.bib");

    private async Task<string> StartHostAsync(string? apiKey)
    {
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = Azurite.ConnectionString,
            ["Crossref:BaseUrl"] = Crossref.BaseUrl,
            ["Crossref:Mailto"] = "tests@example.org",
            ["DataCite:BaseUrl"] = _dataCite.BaseUrl,
            ["DoiResolver:BaseUrl"] = _resolver.BaseUrl,
            ["Enrichment:Styles"] = "apa",
            ["Crossref:RecordRetryDelay"] = "00:00:00.2",
            ["Enrichment:ApiKey"] = apiKey,
            ["Logging:LogLevel:Default"] = Environment.GetEnvironmentVariable("ENRICHMENT_TEST_LOGLEVEL") ?? "Warning",
        };
        var host = LocalHost.Build("http://127.0.0.1:0", settings);
        await host.StartAsync();
        _hosts.Add(host);
        return host.Urls.First().TrimEnd('/') + "/";
    }
}

[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebFixture>
{
    public const string Name = "Web";
}

/// <summary>Where Debian's Chromium is (<c>CHROMIUM_PATH</c> overrides), and whether it is there.</summary>
public static class Chromium
{
    public static string Path { get; } = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static bool Available => File.Exists(Path);

    public const string MissingReason = "did not run: Chromium is not installed (apt-get install -y chromium, or set CHROMIUM_PATH); .ci/run installs it";
}

/// <summary>A browser test: reported as skipped, with the reason, when Chromium is absent.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!Chromium.Available)
        {
            Skip = Chromium.MissingReason;
        }
    }
}
